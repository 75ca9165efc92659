using System.Collections.Concurrent;
using System.Diagnostics;
using Csnet.E2E.Tests.Harness;
using Xunit.Abstractions;

namespace Csnet.E2E.Tests.Scenarios;

[Collection(E2ECollection.Name)]
public sealed class ParallelStartTests(E2EFixture fixture, ITestOutputHelper output)
{
    private const int Containers = 20;

    /// <summary>docker-compose style: many concurrent starts hit IPAM and the driver at once.</summary>
    [SkippableTheory]
    [MemberData(nameof(Drivers.All), MemberType = typeof(Drivers))]
    public void TwentyContainersStartedInParallelGetUniqueAddressesAndReachEachOther(string driver)
    {
        using var t = TestScope.Begin(fixture, output, driver);
        var watch = Stopwatch.StartNew();
        var network = t.CreateNetwork("par", "--subnet", $"{t.Net(95)}.0/24");

        var failures = new ConcurrentBag<string>();
        var names = new string[Containers];
        // Ten at a time: concurrent enough to race allocations, bounded for a 2-core runner.
        Parallel.For(0, Containers, new ParallelOptions { MaxDegreeOfParallelism = 10 }, i =>
        {
            names[i] = t.Name($"p{i:D2}");
            var run = t.DockerTracked(names[i], TimeSpan.FromSeconds(90),
                ["run", "-d", "--pull=never", "--name", names[i], "--network", network, BusyboxImage.Name, "sleep", "600"]);
            if (!run.Succeeded)
            {
                failures.Add(run.ToString());
            }
        });
        t.Check(failures.IsEmpty, $"{failures.Count} of {Containers} parallel starts failed:\n{string.Join('\n', failures)}");
        t.Log($"{Containers} containers started after {watch.Elapsed.TotalSeconds:F1} s");

        var addresses = names.Select(n => t.ContainerIp(n, network)).ToList();
        var duplicates = addresses.GroupBy(a => a).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        t.Check(addresses.All(a => a.Length > 0), $"some containers have no address: {string.Join(", ", addresses)}");
        t.Check(duplicates.Count == 0, $"duplicate addresses: {string.Join(", ", duplicates)}");

        var first = addresses[0];
        var unreachable = new ConcurrentBag<string>();
        Parallel.For(1, Containers, new ParallelOptions { MaxDegreeOfParallelism = 5 }, i =>
        {
            var ping = t.Exec(names[i], "ping", "-c", "1", "-W", "2", first);
            if (!ping.Succeeded)
            {
                ping = t.Exec(names[i], "ping", "-c", "1", "-W", "2", first);
            }
            if (!ping.Succeeded)
            {
                unreachable.Add($"{names[i]} ({addresses[i]}): {ping.Stdout.Trim()} {ping.Stderr.Trim()}");
            }
        });
        t.Check(unreachable.IsEmpty, $"cannot reach {names[0]} ({first}) from:\n{string.Join('\n', unreachable)}");
        t.MustPing(names[0], addresses[^1]);
        t.Log($"done after {watch.Elapsed.TotalSeconds:F1} s");
        t.Passed();
    }
}

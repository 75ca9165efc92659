using System.Collections.Concurrent;
using Csnet.E2E.Tests.Harness;
using Xunit.Abstractions;

namespace Csnet.E2E.Tests.Scenarios;

/// <summary>
/// kill -9 while fifty containers start at once (compose up, and a crash). Calls in flight die with
/// the process; Docker retries some of them empty and fails those starts. After the restart every
/// address of the pool must still be usable exactly once: none handed out twice, none kept by a call
/// that never finished. Only csnet: Docker's bridge has no process to kill.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class CrashDuringParallelStartTests(E2EFixture fixture, ITestOutputHelper output)
{
    private const int Containers = 50;

    // A /26 has 62 host addresses; the gateway takes one.
    private const int PoolSize = 61;

    [SkippableFact]
    public void AfterACrashAmidFiftyParallelStartsEveryAddressIsUsableExactlyOnce()
    {
        using var t = TestScope.Begin(fixture, output, Drivers.Csnet);
        var net = t.Net(82);
        var network = t.CreateNetwork("crashpar", "--subnet", $"{net}.0/26");
        var networkId = t.NetworkId(network);
        var names = Enumerable.Range(0, Containers).Select(i => t.Name($"c{i:D2}")).ToArray();

        var started = 0;
        var killed = new ManualResetEventSlim();
        var crash = Task.Run(() =>
        {
            // Kill once a fifth have started, so calls of every kind are in flight; bounded.
            for (var i = 0; i < 600 && Volatile.Read(ref started) < Containers / 5; i++)
            {
                Thread.Sleep(100);
            }
            fixture.KillPlugin();
            killed.Set();
            return fixture.RestartPlugin();
        });
        var failed = new ConcurrentBag<string>();
        Parallel.For(0, Containers, new ParallelOptions { MaxDegreeOfParallelism = 10 }, i =>
        {
            var run = RunContainer(t, names[i], network);
            if (run.Succeeded)
            {
                Interlocked.Increment(ref started);
            }
            else
            {
                failed.Add(names[i]);
            }
        });
        t.Check(killed.Wait(TimeSpan.FromSeconds(120)), "the crash never happened");
        var reason = crash.Result;
        if (reason is not null)
        {
            t.Fail("csnet did not restart after the crash: " + reason);
        }
        t.Log($"{failed.Count} of {Containers} starts failed around the crash: {string.Join(' ', failed.Order())}");

        // The failed ones once more, now that csnet is back: all fifty must run.
        foreach (var name in failed)
        {
            t.Docker("rm", "-f", name);
            var again = RunContainer(t, name, network);
            if (!again.Succeeded)
            {
                t.Fail($"{name} does not start after the restart", again);
            }
        }
        t.Converges("kill -9 amid 50 parallel starts: one veth per container", TimeSpan.FromSeconds(30), () =>
        {
            var links = HostLinks.TaggedFor(networkId);
            return links.Count == Containers + 1 ? null : $"{links.Count - 1} veths for {Containers} containers: {string.Join(' ', links)}";
        });

        // Every address not taken by the fifty is still free: the rest of the pool fits exactly.
        var fill = Enumerable.Range(0, PoolSize - Containers).Select(i => t.Name($"f{i:D2}")).ToArray();
        var fillFailures = new ConcurrentBag<string>();
        Parallel.For(0, fill.Length, new ParallelOptions { MaxDegreeOfParallelism = 10 }, i =>
        {
            var run = RunContainer(t, fill[i], network);
            if (!run.Succeeded)
            {
                fillFailures.Add(run.ToString());
            }
        });
        t.Check(fillFailures.IsEmpty, $"addresses were lost in the crash: {fillFailures.Count} of the {fill.Length} left in the pool cannot be had:\n{string.Join('\n', fillFailures)}");
        var overflow = RunContainer(t, t.Name("over"), network);
        t.Check(!overflow.Succeeded, $"a {PoolSize + 1}th container got an address in a pool of {PoolSize}: some address was handed out twice");

        var all = names.Concat(fill).ToArray();
        var addresses = all.Select(n => t.ContainerIp(n, network)).ToArray();
        var duplicates = addresses.GroupBy(a => a).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        t.Check(duplicates.Count == 0, $"duplicate addresses: {string.Join(", ", duplicates)}");

        // Full mesh: each container pings every other one (one exec each, the pings inside it). A
        // mesh of 61 needs 3660 ARP entries, and the kernel's neighbour table is one for all
        // namespaces, 1024 entries by default (gc_thresh3): beyond it Docker's bridge drops
        // packets exactly as csnet does ("neighbor table overflow"), so the scenario raises it.
        const string neighbours = "/proc/sys/net/ipv4/neigh/default/";
        t.SetHostSysctl(neighbours + "gc_thresh3", "16384");
        t.SetHostSysctl(neighbours + "gc_thresh2", "8192");
        t.SetHostSysctl(neighbours + "gc_thresh1", "4096");
        var unreachable = new ConcurrentBag<string>();
        var targets = string.Join(' ', addresses);
        Parallel.For(0, all.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var mesh = t.Exec(all[i], "sh", "-c",
                $"for ip in {targets}; do [ $ip = {addresses[i]} ] || ping -c 1 -W 2 $ip >/dev/null 2>&1 || ping -c 1 -W 2 $ip >/dev/null 2>&1 || echo $ip; done");
            if (!mesh.Succeeded || mesh.Stdout.Trim().Length > 0)
            {
                unreachable.Add($"{all[i]} ({addresses[i]}) cannot reach: {mesh.Stdout.Trim()} {mesh.Stderr.Trim()}");
            }
        });
        t.Check(unreachable.IsEmpty, $"the mesh of {all.Length} has holes:\n{string.Join('\n', unreachable)}");
        t.Passed();
    }

    private static CommandResult RunContainer(TestScope t, string name, string network) =>
        t.DockerTracked(name, TimeSpan.FromSeconds(120),
            "run", "-d", "--pull=never", "--name", name, "--network", network, BusyboxImage.Name, "sleep", "600");
}

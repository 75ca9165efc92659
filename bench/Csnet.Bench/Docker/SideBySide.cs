using System.Diagnostics;
using Csnet.E2E.Tests.Harness;

namespace Csnet.Bench.Docker;

/// <summary>
/// The same docker commands on Docker's bridge driver and on csnet, alternately (A B, then B A, so
/// drift over the run hits both), on one dockerd. Each figure is wall time of the docker CLI.
/// </summary>
public sealed class SideBySide(DockerDaemon daemon, SideBySideOptions options)
{
    private static readonly string[] Image = ["--pull=never", BusyboxImage.Name];

    private readonly Driver _bridge = new("bridge", ["-d", "bridge"], "benchref", "10.213.0.0/24", "10.215.0.0/24");
    private readonly Driver _csnet = new("csnet", ["-d", "csnet", "--ipam-driver", "csnet"], "benchcs", "10.214.0.0/24", "10.216.0.0/24");

    public IEnumerable<SideBySideResult> Run()
    {
        foreach (var driver in new[] { _bridge, _csnet })
        {
            Must("network", ["create", .. driver.CreateArgs, "--subnet", driver.Subnet, driver.Network]);
        }

        try
        {
            yield return Alternate($"docker run --rm ({options.Rounds} runs)", options.Rounds, RunRm);
            yield return Alternate($"network create + rm ({options.Rounds} runs)", options.Rounds, CreateRm);
            foreach (var result in Parallel(20, 20, options.ParallelRounds))
            {
                yield return result;
            }

            foreach (var result in Parallel(100, 25, options.BatchRounds))
            {
                yield return result;
            }
        }
        finally
        {
            RemoveAllContainers();
            foreach (var driver in new[] { _bridge, _csnet })
            {
                daemon.Docker("network", "rm", driver.Network);
            }
        }
    }

    private SideBySideResult Alternate(string measure, int rounds, Func<Driver, double?> once)
    {
        var bridge = new Samples();
        var csnet = new Samples();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var driver in round % 2 == 0 ? new[] { _bridge, _csnet } : [_csnet, _bridge])
            {
                var samples = driver == _bridge ? bridge : csnet;
                if (once(driver) is { } seconds)
                {
                    samples.Add(seconds);
                }
                else
                {
                    samples.Failures++;
                }
            }
        }

        Report(measure, bridge, csnet);
        return new SideBySideResult(measure, bridge, csnet);
    }

    private double? RunRm(Driver driver) => Timed(() => daemon.Docker(["run", "--rm", "--network", driver.Network, .. Image, "true"]));

    private double? CreateRm(Driver driver)
    {
        var name = driver.Network + "-cr";
        var watch = Stopwatch.StartNew();
        var create = daemon.Docker(["network", "create", .. driver.CreateArgs, "--subnet", driver.SpareSubnet, name]);
        var remove = daemon.Docker("network", "rm", name);
        return create.Succeeded && remove.Succeeded ? watch.Elapsed.TotalSeconds : null;
    }

    /// <summary>`count` containers started `batch` at a time in parallel, then removed the same way; two results (start, removal).</summary>
    private IEnumerable<SideBySideResult> Parallel(int count, int batch, int rounds)
    {
        var label = count == batch ? $"{count} parallel" : $"{count} in batches of {batch}";
        var runs = (new Samples(), new Samples());
        var removals = (new Samples(), new Samples());
        for (var round = 0; round < rounds; round++)
        {
            foreach (var driver in round % 2 == 0 ? new[] { _bridge, _csnet } : [_csnet, _bridge])
            {
                var run = driver == _bridge ? runs.Item1 : runs.Item2;
                var rm = driver == _bridge ? removals.Item1 : removals.Item2;
                var names = Enumerable.Range(0, count).Select(i => $"{driver.Network}-p{i}").ToArray();
                var (startSeconds, startFailures) = InBatches(names, batch, name =>
                    daemon.Docker(TimeSpan.FromSeconds(120), ["run", "-d", "--name", name, "--network", driver.Network, .. Image, "sleep", "600"]));
                run.Add(startSeconds);
                run.Failures += startFailures;
                var (removeSeconds, removeFailures) = InBatches(names, batch, name => daemon.Docker(TimeSpan.FromSeconds(120), "rm", "-f", name));
                rm.Add(removeSeconds);
                rm.Failures += removeFailures;
            }
        }

        Report($"{label}: docker run -d ({rounds} rounds)", runs.Item1, runs.Item2);
        yield return new SideBySideResult($"{label}: docker run -d ({rounds} rounds)", runs.Item1, runs.Item2);
        Report($"{label}: docker rm -f ({rounds} rounds)", removals.Item1, removals.Item2);
        yield return new SideBySideResult($"{label}: docker rm -f ({rounds} rounds)", removals.Item1, removals.Item2);
    }

    private static (double Seconds, int Failures) InBatches(string[] names, int batch, Func<string, CommandResult> command)
    {
        var failures = 0;
        var watch = Stopwatch.StartNew();
        foreach (var chunk in names.Chunk(batch))
        {
            var results = chunk.Select(name => Task.Run(() => command(name))).ToArray();
            Task.WaitAll(results);
            failures += results.Count(r => !r.Result.Succeeded);
        }

        return (watch.Elapsed.TotalSeconds, failures);
    }

    private static double? Timed(Func<CommandResult> command)
    {
        var result = command();
        return result.Succeeded ? result.Elapsed.TotalSeconds : null;
    }

    private void RemoveAllContainers()
    {
        var ids = daemon.Docker("ps", "-aq").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (ids.Length > 0)
        {
            daemon.Docker(TimeSpan.FromSeconds(300), ["rm", "-f", .. ids]);
        }
    }

    private void Must(string verb, string[] args)
    {
        var result = daemon.Docker([verb, .. args]);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(result.ToString());
        }
    }

    private static void Report(string measure, Samples bridge, Samples csnet) =>
        Console.WriteLine($"docker     {measure,-52} bridge {bridge.Median:0.000} s ({bridge.Min:0.000}–{bridge.Max:0.000}), csnet {csnet.Median:0.000} s ({csnet.Min:0.000}–{csnet.Max:0.000}), ratio {csnet.Median / bridge.Median:0.00}, failures {bridge.Failures}/{csnet.Failures}");

    private sealed record Driver(string Name, string[] CreateArgs, string Network, string Subnet, string SpareSubnet);
}

public sealed record SideBySideOptions(int Rounds, int ParallelRounds, int BatchRounds);

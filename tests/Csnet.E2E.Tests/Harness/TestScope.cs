using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Csnet.E2E.Tests.Harness;

/// <summary>
/// One scenario run against one driver: unique names, docker helpers that log every command, and a
/// record of everything created so Dispose removes it even when an assertion failed half-way.
/// </summary>
public sealed partial class TestScope : IDisposable
{
    private readonly IScenarioHost _fixture;
    private readonly ITestOutputHelper _output;
    private readonly ConcurrentQueue<CommandResult> _history = new();
    private readonly ConcurrentBag<string> _containers = [];
    private readonly List<string> _networks = [];
    private readonly List<string> _netns = [];
    private readonly List<string> _links = [];
    private readonly List<(string Path, string Value)> _sysctls = [];
    private readonly (long Daemon, long Plugin) _logStart;
    private bool _passed;

    private TestScope(IScenarioHost fixture, ITestOutputHelper output, string driver)
    {
        _fixture = fixture;
        _output = output;
        Driver = driver;
        Id = Convert.ToHexString(RandomNumberGenerator.GetBytes(3)).ToLowerInvariant();
        LinksBefore = HostLinks.Names();
        _logStart = fixture.LogPositions();
        Log($"scope {Id}, driver {driver}");
    }

    public string Driver { get; }

    public string Id { get; }

    public bool IsCsnet => Drivers.IsCsnet(Driver);

    /// <summary>Major.minor of the dockerd under test: for reference (bridge) expectations that differ between versions.</summary>
    public Version DaemonVersion => _fixture.DaemonVersion;

    /// <summary>Host links when the scenario began; "no links left behind" compares against this.</summary>
    public IReadOnlySet<string> LinksBefore { get; }

    /// <summary>Starts a scenario, or skips it with the reason when its driver cannot run here.</summary>
    public static TestScope Begin(IScenarioHost fixture, ITestOutputHelper output, string driver)
    {
        Skip.If(fixture.DockerUnavailableReason is not null, fixture.DockerUnavailableReason);
        if (Drivers.IsCsnet(driver))
        {
            Skip.If(fixture.PluginUnavailableReason is not null, fixture.PluginUnavailableReason);
        }
        return new TestScope(fixture, output, driver);
    }

    /// <summary>A name no other scenario or earlier run uses.</summary>
    public string Name(string role) => $"e2e{Id}-{role}";

    /// <summary>"10.{octet}.{0 for bridge, 1 for csnet}": each scenario its own range, each driver its own subnet.</summary>
    public string Net(int octet) => $"10.{octet}.{(IsCsnet ? 1 : 0)}";

    public void Log(string message) => _output.WriteLine($"[{DateTime.UtcNow:HH:mm:ss.fff}] {message}");

    public CommandResult Docker(params string[] args) => Docker(TimeSpan.FromSeconds(60), args);

    public CommandResult Docker(TimeSpan timeout, params string[] args)
    {
        var result = _fixture.Docker(timeout, args);
        _history.Enqueue(result);
        while (_history.Count > 12 && _history.TryDequeue(out _))
        {
        }
        Log(Summarize(result));
        return result;
    }

    /// <summary>Runs docker and fails the scenario with full diagnostics unless it succeeds.</summary>
    public CommandResult Must(params string[] args)
    {
        var result = Docker(args);
        if (!result.Succeeded)
        {
            Fail($"docker {args.FirstOrDefault()} failed", result);
        }
        return result;
    }

    /// <summary>docker network create with this scope's driver (csnet also as IPAM driver).</summary>
    public string CreateNetwork(string role, params string[] options)
    {
        var name = Name(role);
        string[] driverArgs = IsCsnet ? ["-d", Driver, "--ipam-driver", Driver] : ["-d", Drivers.Bridge];
        lock (_networks)
        {
            _networks.Add(name);
        }
        Must(["network", "create", .. driverArgs, .. options, name]);
        return name;
    }

    /// <summary>docker run -d … sleep 600; returns the container name.</summary>
    public string StartContainer(string role, string network, params string[] runOptions)
    {
        var name = Name(role);
        _containers.Add(name);
        Must(["run", "-d", "--pull=never", "--name", name, "--network", network, .. runOptions, BusyboxImage.Name, "sleep", "600"]);
        return name;
    }

    /// <summary>Any docker command that creates container <paramref name="container"/>; it is removed on dispose.</summary>
    public CommandResult DockerTracked(string container, TimeSpan timeout, params string[] args)
    {
        _containers.Add(container);
        return Docker(timeout, args);
    }

    /// <summary>docker run --rm on <paramref name="network"/>; the result is returned unchecked.</summary>
    public CommandResult RunOnce(string network, params string[] command) =>
        Docker(["run", "--rm", "--pull=never", "--network", network, BusyboxImage.Name, .. command]);

    public CommandResult Exec(string container, params string[] command) => Docker(["exec", container, .. command]);

    /// <summary>Bounded ping that must succeed; retried a few times, since the first ARP can be slow.</summary>
    public void MustPing(string fromContainer, string target, int attempts = 3)
    {
        CommandResult? last = null;
        for (var i = 0; i < attempts; i++)
        {
            last = Exec(fromContainer, "ping", "-c", "1", "-W", "2", target);
            if (last.Succeeded)
            {
                return;
            }
        }
        Fail($"{fromContainer} cannot ping {target}", last);
    }

    /// <summary>A ping that must not get through (two probes, short waits).</summary>
    public void MustNotPing(string fromContainer, string target)
    {
        var result = Exec(fromContainer, "ping", "-c", "2", "-W", "1", target);
        if (result.ExitCode == 0)
        {
            Fail($"{fromContainer} reached {target}, which it must not", result);
        }
        if (result.TimedOut || result.Stderr.Contains("Error response from daemon", StringComparison.Ordinal))
        {
            Fail($"could not even try the ping from {fromContainer}", result);
        }
    }

    public string ContainerIp(string container, string network)
    {
        var result = Must("inspect", "--format", $"{{{{(index .NetworkSettings.Networks \"{network}\").IPAddress}}}}", container);
        return result.Stdout.Trim();
    }

    /// <summary>The IPv4 address eth0 has inside the container, as the kernel there reports it.</summary>
    public IPAddress Eth0Address(string container)
    {
        var result = Exec(container, "ip", "-4", "-o", "addr", "show", "eth0");
        // "23: eth0    inet 10.91.0.2/24 brd 10.91.0.255 scope global eth0\  ..."
        var tokens = result.Stdout.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var inet = Array.IndexOf(tokens, "inet");
        if (!result.Succeeded || inet < 0 || inet + 1 >= tokens.Length)
        {
            Fail($"no IPv4 address on eth0 in {container}", result);
        }
        return IPAddress.Parse(tokens[inet + 1].Split('/')[0]);
    }

    public string NetworkSubnet(string network) =>
        Must("network", "inspect", "--format", "{{range .IPAM.Config}}{{.Subnet}}{{end}}", network).Stdout.Trim();

    public void RemoveContainer(string container) => Must("rm", "-f", container);

    public void RemoveNetwork(string network)
    {
        Must("network", "rm", network);
        lock (_networks)
        {
            _networks.Remove(network);
        }
    }

    /// <summary>
    /// A named netns joined to the host by a veth pair, with addresses on both ends and deliberately
    /// no route towards any container subnet: replies can only come back if the host masquerades.
    /// </summary>
    public void CreateExternalHost(string netns, string hostLink, string nsLink, string hostCidr, string nsCidr)
    {
        _netns.Add(netns);
        _links.Add(hostLink);
        HostCommand("ip", "netns", "add", netns);
        HostCommand("ip", "link", "add", hostLink, "type", "veth", "peer", "name", nsLink);
        HostCommand("ip", "link", "set", nsLink, "netns", netns);
        HostCommand("ip", "addr", "add", hostCidr, "dev", hostLink);
        HostCommand("ip", "link", "set", hostLink, "up");
        HostCommand("ip", "-n", netns, "addr", "add", nsCidr, "dev", nsLink);
        HostCommand("ip", "-n", netns, "link", "set", nsLink, "up");
        HostCommand("ip", "-n", netns, "link", "set", "lo", "up");
    }

    /// <summary>docker network create with an explicit driver (for scenarios that mix drivers); removed on dispose.</summary>
    public string CreateNetworkWithDriver(string role, string driver, params string[] options)
    {
        var name = Name(role);
        string[] driverArgs = Drivers.IsCsnet(driver) ? ["-d", driver, "--ipam-driver", driver] : ["-d", driver];
        lock (_networks)
        {
            _networks.Add(name);
        }
        Must(["network", "create", .. driverArgs, .. options, name]);
        return name;
    }

    public string NetworkId(string network) => Must("network", "inspect", "--format", "{{.Id}}", network).Stdout.Trim();

    /// <summary>The busybox command of <see cref="StartWebServer"/>: serves "<paramref name="body"/>" on port 80.</summary>
    private static string[] WebServerCommand(string body) =>
        ["sh", "-c", $"mkdir -p /www && echo {body} > /www/index.html && exec httpd -f -p 80 -h /www"];

    /// <summary>docker run -d … a busybox httpd on port 80 answering "<paramref name="body"/>"; fails the scenario if it does not start.</summary>
    public string StartWebServer(string role, string network, string body, params string[] runOptions)
    {
        var name = Name(role);
        _containers.Add(name);
        Must(["run", "-d", "--pull=never", "--name", name, "--network", network, .. runOptions, BusyboxImage.Name, .. WebServerCommand(body)]);
        return name;
    }

    /// <summary>Like <see cref="StartWebServer"/>, but the result is returned unchecked (the container is still removed on dispose).</summary>
    public CommandResult TryStartWebServer(string role, string network, string body, params string[] runOptions)
    {
        var name = Name(role);
        _containers.Add(name);
        return Docker(["run", "-d", "--pull=never", "--name", name, "--network", network, .. runOptions, BusyboxImage.Name, .. WebServerCommand(body)]);
    }

    /// <summary>The host's static busybox (the one the image is built from): wget and friends for the host and test netns.</summary>
    public static string HostBusybox => Environment.GetEnvironmentVariable("CSNET_BUSYBOX") ?? "/bin/busybox";

    /// <summary>
    /// One bounded HTTP GET with busybox wget, from the host (<paramref name="netns"/> null) or from a
    /// netns this scenario made. Unchecked.
    /// </summary>
    public CommandResult Fetch(string? netns, string url, int timeoutSeconds = 3, bool log = true)
    {
        // busybox 1.35's wget -T segfaults (Debian busybox-static): the bound is busybox timeout instead.
        string[] wget = [HostBusybox, "timeout", timeoutSeconds.ToString(), HostBusybox, "wget", "-qO-", url];
        string[] args = netns is null ? wget : ["ip", "netns", "exec", netns, .. wget];
        var result = ProcessRunner.Run(args[0], args.Skip(1), TimeSpan.FromSeconds(timeoutSeconds + 5));
        if (log)
        {
            Log($"{(netns is null ? "host" : netns)}: " + Summarize(result));
        }
        return result;
    }

    /// <summary>A GET that must answer <paramref name="expected"/> (a few attempts: a server may still be starting).</summary>
    public void MustFetch(string? netns, string url, string expected, int attempts = 4)
    {
        CommandResult? last = null;
        for (var i = 0; i < attempts; i++)
        {
            last = Fetch(netns, url);
            if (last.Succeeded && last.Stdout.Trim() == expected)
            {
                return;
            }
            Thread.Sleep(500);
        }
        Fail($"{(netns is null ? "the host" : netns)} did not get '{expected}' from {url}", last);
    }

    /// <summary>A GET that must not get an answer.</summary>
    public void MustNotFetch(string? netns, string url)
    {
        var result = Fetch(netns, url, timeoutSeconds: 2);
        if (result.Succeeded)
        {
            Fail($"{(netns is null ? "the host" : netns)} got an answer from {url}, which it must not", result);
        }
    }

    /// <summary>A GET from inside a container (its busybox wget) that must answer <paramref name="expected"/>.</summary>
    public void MustFetchFromContainer(string container, string url, string expected, int attempts = 3)
    {
        CommandResult? last = null;
        for (var i = 0; i < attempts; i++)
        {
            last = Exec(container, "timeout", "3", "wget", "-qO-", url);
            if (last.Succeeded && last.Stdout.Trim() == expected)
            {
                return;
            }
            Thread.Sleep(500);
        }
        Fail($"{container} did not get '{expected}' from {url}", last);
    }

    public int ContainerPid(string container) =>
        int.Parse(Must("inspect", "--format", "{{.State.Pid}}", container).Stdout.Trim());

    /// <summary>A host command fed <paramref name="stdin"/>; fails the scenario unless it succeeds.</summary>
    public CommandResult HostCommandWithInput(string stdin, params string[] args)
    {
        var result = ProcessRunner.Run(args[0], args.Skip(1), TimeSpan.FromSeconds(30), stdin: stdin);
        Log(Summarize(result));
        if (!result.Succeeded)
        {
            Fail($"{args[0]} failed", result);
        }
        return result;
    }

    /// <summary>A host command whose result the scenario judges itself.</summary>
    public CommandResult HostTry(params string[] args)
    {
        var result = ProcessRunner.Run(args[0], args.Skip(1), TimeSpan.FromSeconds(30));
        Log(Summarize(result));
        return result;
    }

    public CommandResult HostCommand(params string[] args)
    {
        var result = ProcessRunner.Run(args[0], args.Skip(1), TimeSpan.FromSeconds(30));
        Log(Summarize(result));
        if (!result.Succeeded)
        {
            Fail($"{args[0]} failed", result);
        }
        return result;
    }

    /// <summary>Host links that appeared since the scenario began (bounded wait for them to go).</summary>
    public IReadOnlyList<string> LinksAddedSinceStart(TimeSpan? settle = null)
    {
        var deadline = DateTime.UtcNow + (settle ?? TimeSpan.FromSeconds(3));
        while (true)
        {
            var added = HostLinks.Added(LinksBefore);
            if (added.Count == 0 || DateTime.UtcNow > deadline)
            {
                return added;
            }
            Thread.Sleep(200);
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public void Fail(string what, CommandResult? result = null)
    {
        _fixture.MarkFailure();
        var message = $"{what} [driver {Driver}]\n";
        if (result is not null)
        {
            message += result + "\n";
        }
        message += "recent docker commands:\n" + string.Join('\n', _history.Select(Summarize)) + "\n";
        message += _fixture.Diagnostics(includePlugin: IsCsnet, since: _logStart);
        throw new XunitException(message);
    }

    public void Check(bool condition, string what)
    {
        if (!condition)
        {
            Fail(what);
        }
    }

    public void Passed() => _passed = true;

    public void Dispose()
    {
        if (!_passed)
        {
            _fixture.MarkFailure();
        }
        try
        {
            var containers = _containers.Distinct().ToArray();
            if (containers.Length > 0)
            {
                Cleanup(_fixture.Docker(TimeSpan.FromSeconds(120), ["rm", "-f", .. containers]));
            }
            foreach (var network in _networks.ToArray())
            {
                Cleanup(_fixture.Docker(TimeSpan.FromSeconds(60), "network", "rm", network));
            }
            foreach (var (path, value) in Enumerable.Reverse(_sysctls))
            {
                File.WriteAllText(path, value);
                Log($"cleanup: {path} back to {value}");
            }
            foreach (var netns in _netns)
            {
                Cleanup(ProcessRunner.Run("ip", "netns", "del", netns));
            }
            foreach (var link in _links.Where(HostLinks.Exists))
            {
                Cleanup(ProcessRunner.Run("ip", "link", "del", "dev", link));
            }
            // What the driver failed to remove (the scenario has reported it already) must not leak
            // into the next scenario or stay on the host.
            foreach (var link in HostLinks.Added(LinksBefore))
            {
                var kind = HostLinks.Kind(link);
                if (kind is "bridge" or "veth" or "macvlan" or "ipvlan" or "vlan" && HostLinks.Exists(link))
                {
                    Cleanup(ProcessRunner.Run("ip", "link", "del", "dev", link));
                }
            }
        }
        catch (Exception e)
        {
            Log("cleanup error: " + e);
        }
    }

    private void Cleanup(CommandResult result) => Log("cleanup " + Summarize(result));

    private static string Summarize(CommandResult r)
    {
        var text = $"$ {r.CommandLine} -> {(r.TimedOut ? "TIMEOUT" : r.ExitCode.ToString())} ({r.Elapsed.TotalSeconds:F1} s)";
        if (!r.Succeeded)
        {
            text += $"\n    stderr: {r.Stderr.Trim()}\n    stdout: {Trim(r.Stdout)}";
        }
        return text;
    }

    private static string Trim(string s) => s.Length > 400 ? s[..400] + "…" : s.Trim();
}

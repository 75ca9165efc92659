using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Csnet.Plugin.Admin;

namespace Csnet.Plugin.Ctl;

/// <summary>
/// csnetctl: see what the running csnet holds, through its read-only admin routes. It runs as
/// <c>csnetctl VERB</c> (a link to the csnet binary, as in the managed plugin's rootfs) or
/// <c>csnet ctl VERB</c>. Exit codes: 0 done (doctor: healthy), 1 a problem found (an unknown network;
/// doctor: a problem), 2 no csnet reachable, 64 bad usage. <c>state import</c> is the one verb that
/// works without a running csnet: it writes into a stopped one's state folder.
/// </summary>
public static class CtlProgram
{
    public const string Verb = "ctl";
    public const int Unreachable = 2;

    /// <summary>True when this process is csnetctl: named so, or started as <c>csnet ctl</c>.</summary>
    public static bool Applies(string? processPath, IReadOnlyList<string> args) =>
        Path.GetFileName(processPath) == "csnetctl" || (args.Count > 0 && args[0] == Verb);

    /// <param name="input">What <c>state import -</c> reads (stdin when null).</param>
    public static Task<int> RunAsync(string? processPath, string[] args, TextWriter output, TextWriter error, TextReader? input = null)
    {
        var verbs = Path.GetFileName(processPath) == "csnetctl" ? args : args[1..];
        var socket = new Option<string>("--socket")
        {
            Description = "csnet's socket (env CSNET_SOCKET)",
            Recursive = true,
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("CSNET_SOCKET") is { Length: > 0 } s ? s : "/run/docker/plugins/csnet.sock",
        };
        var json = new Option<bool>("--json") { Description = "print JSON instead of a table", Recursive = true };
        var dockerSocket = new Option<string>("--docker-socket")
        {
            Description = "the Docker API socket csnetctl asks for network names (DOCKER_HOST unix://…, CSNET_DOCKER_SOCKET); none asks nothing",
            Recursive = true,
            DefaultValueFactory = _ => DockerNames.DefaultSocket(Environment.GetEnvironmentVariable),
        };
        var root = new RootCommand("csnetctl: what the running csnet holds (networks, endpoints, published ports, pools); state export and import");
        root.Options.Add(socket);
        root.Options.Add(json);
        root.Options.Add(dockerSocket);

        var ls = new Command("ls", "networks: name, mode, subnets, bridge or parent, endpoints, addresses used per pool");
        ls.SetAction(async (parse, ct) =>
        {
            var names = await DockerNames.ReadAsync(parse.GetValue(dockerSocket)!, ct);
            return await Show(parse.GetValue(socket)!, parse.GetValue(json), $"{AdminEndpoints.Prefix}/networks",
                AdminJsonContext.Default.IReadOnlyListNetworkView, Views.Networks, output, error, ct,
                networks => [.. networks.Select(n => n with { Name = names?.GetValueOrDefault(n.Id) })]);
        });

        var reference = new Argument<string>("NETWORK") { Description = "a network's name, the start of one, or its id or the start of that" };
        var inspect = new Command("inspect", "one network's endpoints: container addresses, MAC, host link, published ports");
        inspect.Arguments.Add(reference);
        inspect.SetAction(async (parse, ct) =>
        {
            var names = await DockerNames.ReadAsync(parse.GetValue(dockerSocket)!, ct);
            var target = DockerNames.Resolve(names, parse.GetValue(reference)!) ?? parse.GetValue(reference)!;
            return await Show(parse.GetValue(socket)!, parse.GetValue(json), $"{AdminEndpoints.Prefix}/networks/{Uri.EscapeDataString(target)}",
                AdminJsonContext.Default.NetworkDetailView, Views.Network, output, error, ct,
                detail => detail with { Network = detail.Network with { Name = names?.GetValueOrDefault(detail.Network.Id) } });
        });

        var ipam = new Command("ipam", "pools held: addresses used of those usable, largest free range, network");
        ipam.SetAction((parse, ct) => Show(parse.GetValue(socket)!, parse.GetValue(json), $"{AdminEndpoints.Prefix}/ipam",
            AdminJsonContext.Default.IReadOnlyListPoolView, Views.Pools, output, error, ct));

        var doctor = new Command("doctor",
            "checks forwarding, br_netfilter, FORWARD policies, csnet's firewall rules, orphans, bridges and parents (state, MTU), the database and the versions; "
            + "explains each problem with a fix; exit 1 when a problem is found");
        doctor.SetAction((parse, ct) => Doctor(parse.GetValue(socket)!, parse.GetValue(json), output, error, ct));

        root.Subcommands.Add(ls);
        root.Subcommands.Add(doctor);
        root.Subcommands.Add(inspect);
        root.Subcommands.Add(ipam);
        root.Subcommands.Add(StateCommands.Build(socket, json, input ?? Console.In, output, error));
        var parsed = root.Parse(verbs);
        if (parsed.Errors.Count > 0 || verbs.Length == 0)
        {
            foreach (var problem in parsed.Errors)
                error.WriteLine($"csnetctl: {problem.Message}");
            error.WriteLine("csnetctl: see csnetctl --help");
            return Task.FromResult(64);
        }

        return parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
    }

    /// <param name="complete">What csnetctl adds to the plugin's answer (Docker's names); the answer as it is when null.</param>
    private static async Task<int> Show<T>(string socketPath, bool json, string path, JsonTypeInfo<T> type, Func<T, string> human,
        TextWriter output, TextWriter error, CancellationToken cancellationToken, Func<T, T>? complete = null)
    {
        using var client = new AdminClient(socketPath);
        try
        {
            var (status, body) = await client.GetAsync(path, cancellationToken);
            if (status != 200)
            {
                var problem = TryRead(body, AdminJsonContext.Default.AdminError)?.Err ?? $"csnet answered {status}: {body}";
                error.WriteLine($"csnetctl: {problem}");
                return 1;
            }

            if (complete is null)
            {
                output.Write(json ? body.TrimEnd() + "\n" : human(JsonSerializer.Deserialize(body, type)!));
                return 0;
            }
            var value = complete(JsonSerializer.Deserialize(body, type)!);
            output.Write(json ? JsonSerializer.Serialize(value, type) + "\n" : human(value));
            return 0;
        }
        catch (UnreachableException e)
        {
            error.WriteLine($"csnetctl: {e.Message}");
            return Unreachable;
        }
    }

    private static async Task<int> Doctor(string socketPath, bool json, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        using var client = new AdminClient(socketPath);
        try
        {
            var (status, body) = await client.GetAsync($"{AdminEndpoints.Prefix}/doctor", cancellationToken);
            if (status != 200)
            {
                error.WriteLine($"csnetctl: csnet answered {status}: {body}");
                return 1;
            }
            var report = JsonSerializer.Deserialize(body, AdminJsonContext.Default.DoctorView)!;
            var findings = report.Findings.Append(DoctorText.Version(report.Version, CtlVersion.Current)).ToList();
            output.Write(json
                ? JsonSerializer.Serialize(report with { Findings = findings }, AdminJsonContext.Default.DoctorView) + "\n"
                : DoctorText.Render(findings));
            return DoctorText.HasProblems(findings) ? 1 : 0;
        }
        catch (UnreachableException e)
        {
            error.WriteLine($"csnetctl: {e.Message}");
            return Unreachable;
        }
    }

    private static T? TryRead<T>(string body, JsonTypeInfo<T> type) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(body, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

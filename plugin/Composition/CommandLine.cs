using System.Text;
using Csnet.Ipam;

namespace Csnet.Plugin.Composition;

/// <summary>
/// <c>csnet [--socket PATH] [--state-dir DIR] …</c>: every <see cref="CsnetSettings"/> entry as a
/// flag and as its environment variable, flags first. Only syntax is checked here; what the
/// values mean on this host is <see cref="CsnetOptionsValidator"/>'s job.
/// </summary>
public static class CommandLine
{
    /// <summary>The hidden command the rootfs build and the tests run on the published binary.</summary>
    public const string SelfTestCommand = "selftest";

    public static readonly string Usage = BuildUsage();

    /// <summary>Parses <paramref name="args"/> over <paramref name="environment"/>.</summary>
    public static CommandLineResult Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var values = new Dictionary<CsnetSettings.Setting, (string Value, string Source)>();
        foreach (var setting in CsnetSettings.All)
        {
            if (environment(setting.Variable) is { } value && !string.IsNullOrWhiteSpace(value))
            {
                values[setting] = (value, setting.Variable);
            }
        }

        var selfTest = args.Count > 0 && args[0] == SelfTestCommand;
        for (var i = selfTest ? 1 : 0; i < args.Count; i++)
        {
            var (name, inline) = args[i].Split('=', 2) is [var n, var v] ? (n, v) : (args[i], null);
            if (name is "--help" or "-h")
            {
                return CommandLineResult.ShowUsage;
            }
            var setting = CsnetSettings.All.FirstOrDefault(s => s.Flag == name);
            if (setting is null)
            {
                return CommandLineResult.Failed($"unknown argument '{args[i]}'\n{Usage}");
            }
            var value = inline ?? (i + 1 < args.Count ? args[++i] : null);
            if (string.IsNullOrEmpty(value))
            {
                return CommandLineResult.Failed($"{name} needs a value\n{Usage}");
            }
            // A relative path on the command line means the caller's folder, as in any tool.
            if (setting.Placeholder is "PATH" or "DIR")
            {
                value = Path.GetFullPath(value);
            }
            values[setting] = (value, name);
        }

        var problems = new List<string>();
        var options = new CsnetOptions();
        foreach (var (setting, (value, source)) in values)
        {
            options = Apply(options, setting, value, source, problems);
        }
        return problems.Count > 0 ? new CommandLineResult(null, problems, false, selfTest) : new CommandLineResult(options, [], false, selfTest);
    }

    private static CsnetOptions Apply(CsnetOptions options, CsnetSettings.Setting setting, string value, string source, List<string> problems)
    {
        switch (setting.Variable)
        {
            case CsnetSettings.Socket:
                return options with { SocketPath = value };
            case CsnetSettings.StateDir:
                return options with { StateDir = value };
            case CsnetSettings.HostProc:
                return options with { HostProc = value };
            case CsnetSettings.LogLevel when ParseLogLevel(value) is { } level:
                return options with { LogLevel = level };
            case CsnetSettings.LogFormat when value.Trim().ToLowerInvariant() is "text" or "json":
                return options with { LogFormat = value.Trim().Equals("json", StringComparison.OrdinalIgnoreCase) ? LogFormat.Json : LogFormat.Text };
            case CsnetSettings.LogFormat:
                problems.Add($"{source}: '{value}' is not a log format; use text or json");
                return options;
            case CsnetSettings.LogLevel:
                problems.Add($"{source}: '{value}' is not a log level; use trace, debug, info, warning, error or critical");
                return options;
            case CsnetSettings.DefaultPools:
                var (pools, poolProblems) = IpamDefaultPool.ParseList(value);
                problems.AddRange(poolProblems.Select(p => $"{source}: {p}"));
                return options with { DefaultPools = pools };
            case CsnetSettings.DockerSocket:
                return options with { DockerSocket = value };
            case CsnetSettings.ReconcileSeconds when int.TryParse(value, out var interval) && interval is >= 1 and <= 86400:
                return options with { Reconcile = options.Reconcile with { Interval = TimeSpan.FromSeconds(interval) } };
            case CsnetSettings.ReconcileGraceSeconds when int.TryParse(value, out var grace) && grace is >= 0 and <= 86400:
                return options with { Reconcile = options.Reconcile with { Grace = TimeSpan.FromSeconds(grace) } };
            case CsnetSettings.ReconcileSeconds or CsnetSettings.ReconcileGraceSeconds:
                problems.Add($"{source}: '{value}' is not a number of seconds from {(setting.Variable == CsnetSettings.ReconcileSeconds ? 1 : 0)} to 86400");
                return options;
            case CsnetSettings.MetricsAddress when value.Trim() is "" or "none":
                return options with { MetricsAddress = null };
            case CsnetSettings.MetricsAddress when System.Net.IPEndPoint.TryParse(value.Trim(), out var endpoint)
                && System.Net.IPAddress.IsLoopback(endpoint.Address) && endpoint.Port is > 0:
                return options with { MetricsAddress = endpoint };
            case CsnetSettings.MetricsAddress:
                // Metrics name networks and pools: off the loopback they would tell the LAN about the host.
                problems.Add($"{source}: '{value}' is not a loopback address with a port; use 127.0.0.1:PORT, [::1]:PORT or none");
                return options;
            default:
                throw new InvalidOperationException($"setting {setting.Variable} has no binding");
        }
    }

    private static LogLevel? ParseLogLevel(string value) => value.Trim().ToLowerInvariant() switch
    {
        "trace" => LogLevel.Trace,
        "debug" => LogLevel.Debug,
        "info" or "information" => LogLevel.Information,
        "warn" or "warning" => LogLevel.Warning,
        "error" => LogLevel.Error,
        "critical" => LogLevel.Critical,
        _ => null,
    };

    private static string BuildUsage()
    {
        var text = new StringBuilder("usage: csnet [OPTIONS]\n");
        foreach (var s in CsnetSettings.All)
        {
            text.Append($"  {s.Flag} {s.Placeholder,-6} {s.Description} (env {s.Variable}, default {s.Default})\n");
        }
        return text.ToString().TrimEnd();
    }
}

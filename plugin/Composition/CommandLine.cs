namespace Csnet.Plugin.Composition;

/// <summary>csnet --socket PATH --state-dir DIR (env CSNET_SOCKET, CSNET_STATE_DIR).</summary>
public static class CommandLine
{
    public const string Usage =
        "usage: csnet [--socket PATH] [--state-dir DIR]\n" +
        "  --socket PATH     Unix socket to serve (env CSNET_SOCKET, default /run/docker/plugins/csnet.sock)\n" +
        "  --state-dir DIR   folder of the state database (env CSNET_STATE_DIR, default /var/lib/csnet)";

    /// <summary>The options, or an error sentence for the user.</summary>
    public static (CsnetOptions? Options, string? Error) Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var options = new CsnetOptions();
        if (environment("CSNET_SOCKET") is { Length: > 0 } socket)
            options = options with { SocketPath = socket };
        if (environment("CSNET_STATE_DIR") is { Length: > 0 } state)
            options = options with { StateDir = state };
        if (environment("CSNET_DOCKER_SOCKET") is { Length: > 0 } docker)
            options = options with { DockerSocket = docker };
        if (int.TryParse(environment("CSNET_RECONCILE_SECONDS"), out var interval) && interval > 0)
            options = options with { Reconcile = options.Reconcile with { Interval = TimeSpan.FromSeconds(interval) } };
        if (int.TryParse(environment("CSNET_RECONCILE_GRACE_SECONDS"), out var grace) && grace >= 0)
            options = options with { Reconcile = options.Reconcile with { Grace = TimeSpan.FromSeconds(grace) } };

        for (var i = 0; i < args.Count; i++)
        {
            var (name, inline) = args[i].Split('=', 2) is [var n, var v] ? (n, v) : (args[i], null);
            if (name is "--help" or "-h")
                return (null, Usage);
            if (name is not ("--socket" or "--state-dir"))
                return (null, $"unknown argument '{args[i]}'\n{Usage}");
            var value = inline ?? (i + 1 < args.Count ? args[++i] : null);
            if (string.IsNullOrEmpty(value))
                return (null, $"{name} needs a value\n{Usage}");
            if (!Path.IsPathRooted(value))
                value = Path.GetFullPath(value);
            options = name == "--socket" ? options with { SocketPath = value } : options with { StateDir = value };
        }
        return (options, null);
    }
}

using System.Net;

namespace Csnet.Plugin.Kernel.Nftables;

/// <summary>A container port that connections from outside may reach directly at the container's address (no DNAT).</summary>
public sealed record OpenPort
{
    public required byte Protocol { get; init; }
    public required IPAddress ContainerIp { get; init; }
    public required int ContainerPort { get; init; }

    /// <summary>The comment of its rule (the endpoint's ownership tag).</summary>
    public required string Tag { get; init; }
}

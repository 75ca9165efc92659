using LiteDB;

namespace Csnet.Plugin.State;

/// <summary>An endpoint and the kernel objects csnet made for it.</summary>
public sealed record EndpointRecord
{
    [BsonId]
    public string Id { get; init; } = "";
    public string NetworkId { get; init; } = "";

    /// <summary>The veth end that stays on the bridge.</summary>
    public string HostVeth { get; init; } = "";

    /// <summary>The veth end handed to the daemon as SrcName; it moves into the container.</summary>
    public string ContainerVeth { get; init; } = "";
    public string? Address { get; init; }
    public string MacAddress { get; init; } = "";
    public string? SandboxKey { get; init; }

    /// <summary>Host ports published for this endpoint (ProgramExternalConnectivity), as allocated.</summary>
    public List<PortRecord> Ports { get; init; } = [];
    public DateTime CreatedAt { get; init; }
}

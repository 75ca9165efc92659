using LiteDB;

namespace Csnet.Plugin.State;

/// <summary>
/// A network as csnet made it. CreateNetwork is never replayed by the daemon, so this record is
/// the only source for every later call on the network.
/// </summary>
public sealed record NetworkRecord
{
    [BsonId]
    public string Id { get; init; } = "";
    public string Mode { get; init; } = "bridge";
    public string BridgeName { get; init; } = "";
    public LinkOwner BridgeOwner { get; init; }
    public int? Mtu { get; init; }
    public bool Masquerade { get; init; } = true;
    public bool Internal { get; init; }

    /// <summary>com.docker.network.bridge.enable_icc: containers on the bridge may reach each other.</summary>
    public bool Icc { get; init; } = true;

    /// <summary>com.docker.network.host_ipv4: SNAT source instead of masquerade; null masquerades.</summary>
    public string? SnatAddress { get; init; }

    /// <summary>com.docker.network.bridge.host_binding_ipv4: host address for -p without one; 0.0.0.0 is every address.</summary>
    public string HostBindingIpv4 { get; init; } = "0.0.0.0";
    public string DstPrefix { get; init; } = "eth";
    public List<SubnetRecord> Subnets { get; init; } = [];

    /// <summary>The user's -o options as given, for inspection and later reconcile.</summary>
    public Dictionary<string, string> Options { get; init; } = [];
    public DateTime CreatedAt { get; init; }
}

namespace Csnet.Ipam;

/// <summary>IPAM configuration; the defaults match dockerd's built-in IPAM.</summary>
public sealed class IpamOptions
{
    /// <summary>Name returned as <c>LocalDefaultAddressSpace</c> (local-scope networks).</summary>
    public string LocalAddressSpace { get; set; } = "LocalDefault";

    /// <summary>
    /// Name returned as <c>GlobalDefaultAddressSpace</c>. It must differ from the local one: from
    /// Docker 27 on, a request in the global space skips the daemon's own host-overlap check.
    /// </summary>
    public string GlobalAddressSpace { get; set; } = "GlobalDefault";

    /// <summary>
    /// Where pools come from when <c>docker network create</c> has no <c>--subnet</c>, tried in order.
    /// Same list as dockerd's built-in default.
    /// </summary>
    public IList<IpamDefaultPool> DefaultPools { get; set; } =
    [
        new("172.17.0.0/16", 16),
        new("172.18.0.0/16", 16),
        new("172.19.0.0/16", 16),
        new("172.20.0.0/14", 16),
        new("172.24.0.0/14", 16),
        new("172.28.0.0/14", 16),
        new("192.168.0.0/16", 20),
    ];

    /// <summary>
    /// How long an address that answered a LAN probe stays skipped (in memory; a restart asks
    /// again). Only pools of networks that probe (macvlan) have such addresses.
    /// </summary>
    public TimeSpan LanSeenFor { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How many candidates one RequestAddress probes before it gives up (each free one costs one probe).</summary>
    public int MaxProbesPerRequest { get; set; } = 8;

    /// <summary>
    /// What the user calls <see cref="DefaultPools"/>, for the validator's messages: the host that
    /// binds the list from its configuration sets its own name (csnet: <c>CSNET_DEFAULT_POOLS</c>).
    /// </summary>
    public string DefaultPoolsSetting { get; set; } = nameof(DefaultPools);
}

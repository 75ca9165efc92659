namespace Csnet.Plugin.State;

/// <summary>
/// One published port as csnet allocated it. Proto is the IP protocol number (6 tcp, 17 udp,
/// 132 sctp); HostIp null means every host address.
/// </summary>
public sealed record PortRecord
{
    public int Proto { get; init; }
    public string? HostIp { get; init; }
    public int HostPort { get; init; }
    public int ContainerPort { get; init; }
}

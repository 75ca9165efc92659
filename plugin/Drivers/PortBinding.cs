namespace Csnet.Plugin.Drivers;

/// <summary>One entry of com.docker.network.portmap. Proto is the IP protocol number (6 tcp, 17 udp, 132 sctp).</summary>
public sealed record PortBinding(int Proto, string? HostIP, int Port, int HostPort, int HostPortEnd);

namespace Csnet.Plugin.Model;

/// <summary>IP protocol numbers Docker sends in port maps (its Proto field).</summary>
public enum IpProtocol : byte
{
    Tcp = 6,
    Udp = 17,
    Sctp = 132,
}

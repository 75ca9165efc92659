using System.Net;

namespace Csnet.Plugin.Kernel.Rtnl;

/// <summary>An address on a link (RTM_NEWADDR), with its prefix length.</summary>
public sealed record InterfaceAddress(int LinkIndex, IPAddress Address, int PrefixLength);

using System.Net.Sockets;

namespace Csnet.Plugin.Kernel.Rtnl;

/// <summary>Linux AF_* numbers (they differ from .NET's <see cref="AddressFamily"/> values for IPv6).</summary>
internal static class AddressFamilies
{
    public const byte AF_UNSPEC = 0;
    public const byte AF_INET = 2;

    /// <summary>PF_BRIDGE: rtnetlink routes RTM_SETLINK of this family to the port's bridge.</summary>
    public const byte AF_BRIDGE = 7;

    public const byte AF_INET6 = 10;

    public static byte ToLinux(AddressFamily family) => family switch
    {
        AddressFamily.InterNetwork => AF_INET,
        AddressFamily.InterNetworkV6 => AF_INET6,
        _ => throw new ArgumentOutOfRangeException(nameof(family), family, "Only IPv4 and IPv6 are supported."),
    };
}

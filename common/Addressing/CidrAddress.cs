using System.Net;
using System.Net.Sockets;

namespace Csnet.Common.Addressing;

/// <summary>
/// An address on a network, keeping its host part, as Docker sends interface addresses and gateways
/// (<c>10.0.0.2/24</c> is the address 10.0.0.2 on 10.0.0.0/24). <see cref="IpPrefix"/> is the network;
/// this is a member of one.
/// </summary>
public readonly record struct CidrAddress(IPAddress Address, int PrefixLength)
{
    public AddressFamily Family => Address.AddressFamily;

    /// <summary>The network the address is on.</summary>
    public IpPrefix Prefix => IpPrefix.FromAddress(Address, PrefixLength);

    public override string ToString() => $"{Address}/{PrefixLength}";

    /// <summary>Parses text known to be valid (stored by csnet itself); throws <see cref="FormatException"/> otherwise.</summary>
    public static CidrAddress Parse(string text) =>
        TryParse(text, out var problem) ?? throw new FormatException(problem);

    /// <summary>
    /// Parses <c>address/length</c> with the strict address rules of <see cref="IpPrefix.TryParseAddress"/>.
    /// Returns null with a reason that tells the user what a valid value looks like.
    /// </summary>
    public static CidrAddress? TryParse(string? text, out string? problem)
    {
        problem = null;
        var slash = text?.IndexOf('/') ?? -1;
        if (text is null || slash <= 0 || slash == text.Length - 1)
        {
            problem = $"'{text}' is not in CIDR notation; write it like 10.90.0.0/24 or fd00:90::/64";
            return null;
        }

        if (!IpPrefix.TryParseAddress(text[..slash], out var address))
        {
            problem = $"'{text}' does not start with a valid IP address; write it like 10.90.0.0/24 or fd00:90::/64";
            return null;
        }

        var bits = IpPrefix.BitsOf(address.AddressFamily);
        if (!int.TryParse(text.AsSpan(slash + 1), System.Globalization.NumberStyles.None, null, out var length) || length > bits)
        {
            problem = $"'{text}' has an invalid prefix length; use a number from 0 to {bits}, like 10.90.0.0/24";
            return null;
        }

        return new CidrAddress(address, length);
    }
}

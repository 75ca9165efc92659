using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace Csnet.Common.Addressing;

/// <summary>
/// A canonical IPv4 or IPv6 network (host bits cleared): the one prefix type of csnet. Addresses are
/// held as <see cref="UInt128"/> for both families, so every range computation is the same integer
/// arithmetic and an IPv6 /64 costs no more than an IPv4 /24.
/// </summary>
public readonly record struct IpPrefix(AddressFamily Family, UInt128 Network, int PrefixLength)
{
    public int Bits => BitsOf(Family);

    public UInt128 HostMask => HostMaskOf(Bits, PrefixLength);

    public UInt128 First => Network;

    public UInt128 Last => Network | HostMask;

    public bool IsV6 => Family == AddressFamily.InterNetworkV6;

    /// <summary>The network address (<c>10.90.0.0</c> of <c>10.90.0.0/24</c>).</summary>
    public IPAddress NetworkAddress => ToIPAddress(Family, Network);

    /// <summary>
    /// Addresses containers may get. IPv4 networks up to /30 lose the network and broadcast address;
    /// /31 and /32 have neither (RFC 3021). IPv6 loses the subnet-router anycast address (the first one).
    /// </summary>
    public AddressRange Usable => Family switch
    {
        AddressFamily.InterNetwork when PrefixLength <= 30 => new AddressRange(First + 1, Last - 1),
        AddressFamily.InterNetworkV6 when PrefixLength <= 126 => new AddressRange(First + 1, Last),
        _ => new AddressRange(First, Last),
    };

    public bool Contains(UInt128 address) => address >= First && address <= Last;

    public bool Contains(IPAddress address) =>
        address.AddressFamily == Family && Contains(ToUInt128(address));

    public bool Contains(IpPrefix other) =>
        other.Family == Family && other.PrefixLength >= PrefixLength && Contains(other.Network);

    public bool Overlaps(IpPrefix other) =>
        other.Family == Family && First <= other.Last && other.First <= Last;

    public string FormatAddress(UInt128 address) => ToIPAddress(Family, address).ToString();

    /// <summary>An address with this prefix's length, as Docker wants RequestAddress answers: <c>10.90.0.5/24</c>.</summary>
    public string FormatCidr(UInt128 address) => $"{FormatAddress(address)}/{PrefixLength}";

    public override string ToString() => FormatCidr(Network);

    public static IpPrefix FromAddress(IPAddress address, int prefixLength)
    {
        var family = address.AddressFamily;
        var bits = BitsOf(family);
        if (prefixLength < 0 || prefixLength > bits)
        {
            throw new ArgumentOutOfRangeException(nameof(prefixLength), prefixLength, $"prefix length must be 0 to {bits}");
        }

        return new IpPrefix(family, ToUInt128(address) & ~HostMaskOf(bits, prefixLength), prefixLength);
    }

    /// <summary>Parses text known to be valid (stored by csnet itself); throws <see cref="FormatException"/> otherwise.</summary>
    public static IpPrefix Parse(string text) =>
        TryParse(text, out var problem) ?? throw new FormatException(problem);

    /// <summary>
    /// Parses <c>address/length</c>, accepting host bits (<c>10.90.0.5/24</c> becomes <c>10.90.0.0/24</c>).
    /// Returns null with a reason that tells the user what a valid value looks like.
    /// </summary>
    public static IpPrefix? TryParse(string? text, out string? problem)
    {
        if (CidrAddress.TryParse(text, out problem) is not { } cidr)
        {
            return null;
        }

        return FromAddress(cidr.Address, cidr.PrefixLength);
    }

    /// <summary>
    /// A strict IP parser: <see cref="IPAddress.TryParse(string?, out IPAddress?)"/> also takes the
    /// legacy short forms (<c>10.90</c> is 10.0.0.90), which would silently pick a surprising network,
    /// and IPv6 scope ids (<c>fe80::1%eth0</c>), which no pool can hold.
    /// </summary>
    public static bool TryParseAddress(string? text, [NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var isV6 = text.Contains(':');
        if (!isV6 && text.Count(c => c == '.') != 3)
        {
            return false;
        }

        if (!IPAddress.TryParse(text, out var parsed) || (parsed.AddressFamily == AddressFamily.InterNetworkV6 && parsed.ScopeId != 0))
        {
            return false;
        }

        // "::ffff:10.0.0.1" is an IPv4 address in IPv6 clothing; Docker never sends it, and a pool of
        // either family would misread it.
        if (parsed.IsIPv4MappedToIPv6)
        {
            return false;
        }

        address = parsed;
        return true;
    }

    public static UInt128 ToUInt128(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written))
        {
            throw new ArgumentException($"cannot read address {address}", nameof(address));
        }

        return written == 4
            ? BinaryPrimitives.ReadUInt32BigEndian(bytes)
            : BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    public static IPAddress ToIPAddress(AddressFamily family, UInt128 value)
    {
        if (family == AddressFamily.InterNetwork)
        {
            Span<byte> v4 = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(v4, (uint)value);
            return new IPAddress(v4);
        }

        Span<byte> v6 = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(v6, value);
        return new IPAddress(v6);
    }

    /// <summary>32 for IPv4, 128 for IPv6.</summary>
    public static int BitsOf(AddressFamily family) => family switch
    {
        AddressFamily.InterNetwork => 32,
        AddressFamily.InterNetworkV6 => 128,
        _ => throw new ArgumentException($"unsupported address family {family}", nameof(family)),
    };

    // A UInt128 shift by 128 wraps to a shift by 0, so the all-ones mask of a /0 is special-cased.
    private static UInt128 HostMaskOf(int bits, int prefixLength)
    {
        var hostBits = bits - prefixLength;
        return hostBits >= 128 ? UInt128.MaxValue : (UInt128.One << hostBits) - 1;
    }
}

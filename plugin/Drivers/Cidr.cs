using System.Net;
using System.Net.Sockets;

namespace Csnet.Plugin.Drivers;

/// <summary>
/// An address with a prefix length that keeps its host part, as Docker sends them
/// ("10.0.0.1/24" is the gateway 10.0.0.1 on 10.0.0.0/24). System.Net.IPNetwork drops the host part.
/// </summary>
public readonly record struct Cidr(IPAddress Address, int PrefixLength)
{
    public static bool TryParse(string? text, out Cidr cidr)
    {
        cidr = default;
        if (string.IsNullOrWhiteSpace(text))
            return false;
        var slash = text.IndexOf('/');
        if (slash < 0 || !IPAddress.TryParse(text.AsSpan(0, slash), out var address)
            || !int.TryParse(text.AsSpan(slash + 1), out var length))
            return false;
        var max = address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
        if (length < 0 || length > max)
            return false;
        cidr = new Cidr(address, length);
        return true;
    }

    public static Cidr Parse(string text) =>
        TryParse(text, out var cidr) ? cidr : throw new FormatException($"'{text}' is not an address with a prefix length (like 10.0.0.1/24)");

    /// <summary>The network address: host bits cleared.</summary>
    public IPAddress Network
    {
        get
        {
            var bytes = Address.GetAddressBytes();
            for (var i = 0; i < bytes.Length; i++)
            {
                var bitsInByte = Math.Clamp(PrefixLength - i * 8, 0, 8);
                bytes[i] &= (byte)(0xFF << (8 - bitsInByte));
            }
            return new IPAddress(bytes);
        }
    }

    public bool Contains(IPAddress other)
    {
        if (other.AddressFamily != Address.AddressFamily)
            return false;
        return new Cidr(other, PrefixLength).Network.Equals(Network);
    }

    public override string ToString() => $"{Address}/{PrefixLength}";
}

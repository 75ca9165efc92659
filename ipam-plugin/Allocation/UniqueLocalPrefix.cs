using System.Buffers.Binary;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Csnet.Common.Addressing;

namespace Csnet.Ipam.Allocation;

/// <summary>
/// The IPv6 base automatic /64 pools come from when no IPv6 default pool is configured: a unique
/// local /48 (RFC 4193, fd00::/8 plus a 40-bit global ID) derived the way Docker 27 derives its own:
/// the first 8 bytes of SHA-256 over a host-unique value, big-endian, low 40 bits. The value is a
/// random id csnet keeps in its database, so the prefix stays the same across restarts and two
/// hosts are very unlikely to share one.
/// </summary>
internal static class UniqueLocalPrefix
{
    public const int Length = 48;

    public static IpPrefix Derive(string hostId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(hostId));
        var globalId = BinaryPrimitives.ReadUInt64BigEndian(hash) & ((1UL << 40) - 1);
        var network = ((UInt128)0xfd << 120) | ((UInt128)globalId << 80);
        return new IpPrefix(AddressFamily.InterNetworkV6, network, Length);
    }
}

using System.Buffers.Binary;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Csnet.Plugin.Kernel.Probe;

/// <summary>
/// The Ethernet frames of an address probe and the answers to it, as pure functions over bytes:
/// an ARP probe (RFC 5227 §2.1.1: sender address 0.0.0.0, so no neighbour caches learn anything)
/// and a duplicate address detection solicitation (RFC 4862 §5.4.2: from ::, to the target's
/// solicited-node group, no link-layer option). Every length, offset and byte order of the probe
/// lives here.
/// </summary>
internal static class ProbeFrames
{
    public const ushort ETH_P_ARP = 0x0806;
    public const ushort ETH_P_IPV6 = 0x86DD;

    private const int EthernetHeader = 14;

    /// <summary>Ethernet without the FCS: shorter frames are padded with zeros to this size.</summary>
    private const int MinimumFrame = 60;

    private const ushort ARPOP_REQUEST = 1;
    private const ushort ARPOP_REPLY = 2;
    private const byte IPPROTO_ICMPV6 = 58;
    private const byte ND_NEIGHBOR_SOLICIT = 135;
    private const byte ND_NEIGHBOR_ADVERT = 136;
    private const byte ND_OPT_TARGET_LINKADDR = 2;

    /// <summary>RFC 4861 §7.1: neighbour discovery packets not sent with hop limit 255 came through a router and are invalid.</summary>
    private const byte NeighbourDiscoveryHopLimit = 255;

    private const int Ipv6Header = 40;

    /// <summary>ICMPv6 type, code, checksum, reserved and the 16-byte target.</summary>
    private const int NeighbourMessage = 24;

    public static byte[] ArpProbe(PhysicalAddress source, IPAddress target)
    {
        RequireFamily(target, AddressFamily.InterNetwork);
        var frame = new byte[MinimumFrame];
        var span = frame.AsSpan();
        WriteEthernet(span, Broadcast, source, ETH_P_ARP);
        var arp = span[EthernetHeader..];
        BinaryPrimitives.WriteUInt16BigEndian(arp, 1);           // hardware type: Ethernet
        BinaryPrimitives.WriteUInt16BigEndian(arp[2..], 0x0800); // protocol type: IPv4
        arp[4] = 6;                                              // hardware address length
        arp[5] = 4;                                              // protocol address length
        BinaryPrimitives.WriteUInt16BigEndian(arp[6..], ARPOP_REQUEST);
        source.GetAddressBytes().CopyTo(arp[8..]);               // sender MAC; sender IP 0.0.0.0, target MAC 0
        target.GetAddressBytes().CopyTo(arp[24..]);
        return frame;
    }

    public static byte[] NeighbourSolicitation(PhysicalAddress source, IPAddress target)
    {
        RequireFamily(target, AddressFamily.InterNetworkV6);
        var targetBytes = target.GetAddressBytes();
        var group = SolicitedNodeGroup(targetBytes);
        var frame = new byte[EthernetHeader + Ipv6Header + NeighbourMessage];
        var span = frame.AsSpan();
        WriteEthernet(span, [0x33, 0x33, group[12], group[13], group[14], group[15]], source, ETH_P_IPV6);

        var ip = span[EthernetHeader..];
        ip[0] = 0x60;                                             // version 6, traffic class and flow label 0
        BinaryPrimitives.WriteUInt16BigEndian(ip[4..], NeighbourMessage);
        ip[6] = IPPROTO_ICMPV6;
        ip[7] = NeighbourDiscoveryHopLimit;                       // source :: (bytes 8..23 stay zero)
        group.CopyTo(ip[24..]);

        var icmp = ip[Ipv6Header..];
        icmp[0] = ND_NEIGHBOR_SOLICIT;
        targetBytes.CopyTo(icmp[8..]);
        BinaryPrimitives.WriteUInt16BigEndian(icmp[2..], Icmpv6Checksum(ip[8..24], ip[24..40], icmp));
        return frame;
    }

    /// <summary>
    /// The MAC of a host that says it holds <paramref name="target"/>: an ARP reply or request whose
    /// sender address is the target (RFC 5227 §2.1.1 treats both as "in use"). Null for anything else.
    /// </summary>
    public static PhysicalAddress? ArpHolder(ReadOnlySpan<byte> frame, IPAddress target)
    {
        if (frame.Length < EthernetHeader + 28 || BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) != ETH_P_ARP)
        {
            return null;
        }

        var arp = frame[EthernetHeader..];
        var operation = BinaryPrimitives.ReadUInt16BigEndian(arp[6..]);
        if (BinaryPrimitives.ReadUInt16BigEndian(arp) != 1 || BinaryPrimitives.ReadUInt16BigEndian(arp[2..]) != 0x0800
            || arp[4] != 6 || arp[5] != 4 || operation is not (ARPOP_REPLY or ARPOP_REQUEST)
            || !arp.Slice(14, 4).SequenceEqual(target.GetAddressBytes()))
        {
            return null;
        }

        return new PhysicalAddress(arp.Slice(8, 6).ToArray());
    }

    /// <summary>
    /// The MAC of a host that answers for <paramref name="target"/> with a neighbour advertisement:
    /// its target link-layer address option, else the frame's source. Null for anything else.
    /// </summary>
    public static PhysicalAddress? AdvertisementHolder(ReadOnlySpan<byte> frame, IPAddress target)
    {
        if (frame.Length < EthernetHeader + Ipv6Header + NeighbourMessage || BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) != ETH_P_IPV6)
        {
            return null;
        }

        var ip = frame[EthernetHeader..];
        var payload = BinaryPrimitives.ReadUInt16BigEndian(ip[4..]);
        if (ip[0] >> 4 != 6 || ip[6] != IPPROTO_ICMPV6 || ip[7] != NeighbourDiscoveryHopLimit
            || payload < NeighbourMessage || Ipv6Header + payload > ip.Length)
        {
            return null;
        }

        var icmp = ip.Slice(Ipv6Header, payload);
        if (icmp[0] != ND_NEIGHBOR_ADVERT || icmp[1] != 0 || !icmp.Slice(8, 16).SequenceEqual(target.GetAddressBytes()))
        {
            return null;
        }

        var options = icmp[NeighbourMessage..];
        while (options.Length >= 8 && options[1] > 0 && options[1] * 8 <= options.Length)
        {
            if (options[0] == ND_OPT_TARGET_LINKADDR && options[1] == 1)
            {
                return new PhysicalAddress(options.Slice(2, 6).ToArray());
            }

            options = options[(options[1] * 8)..];
        }

        return new PhysicalAddress(frame.Slice(6, 6).ToArray());
    }

    /// <summary>ff02::1:ffXX:XXXX, the group of every address ending in the target's last 24 bits (RFC 4291 §2.7.1).</summary>
    public static byte[] SolicitedNodeGroup(ReadOnlySpan<byte> target)
    {
        var group = new byte[16];
        group[0] = 0xff;
        group[1] = 0x02;
        group[11] = 0x01;
        group[12] = 0xff;
        target[13..16].CopyTo(group.AsSpan(13));
        return group;
    }

    /// <summary>RFC 4443 §2.3: the one's complement sum over the IPv6 pseudo-header and the ICMPv6 message.</summary>
    public static ushort Icmpv6Checksum(ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, ReadOnlySpan<byte> message)
    {
        uint sum = 0;
        Add(source);
        Add(destination);
        sum += (uint)(message.Length >> 16) + (uint)(message.Length & 0xffff);
        sum += IPPROTO_ICMPV6;
        Add(message);
        while (sum >> 16 != 0)
        {
            sum = (sum & 0xffff) + (sum >> 16);
        }

        return (ushort)~sum;

        void Add(ReadOnlySpan<byte> bytes)
        {
            for (var i = 0; i + 1 < bytes.Length; i += 2)
            {
                sum += BinaryPrimitives.ReadUInt16BigEndian(bytes[i..]);
            }

            if (bytes.Length % 2 == 1)
            {
                sum += (uint)bytes[^1] << 8;
            }
        }
    }

    private static ReadOnlySpan<byte> Broadcast => [0xff, 0xff, 0xff, 0xff, 0xff, 0xff];

    private static void WriteEthernet(Span<byte> frame, ReadOnlySpan<byte> destination, PhysicalAddress source, ushort type)
    {
        var mac = source.GetAddressBytes();
        if (mac.Length != 6)
        {
            throw new ArgumentException($"'{source}' is not an Ethernet MAC address", nameof(source));
        }

        destination.CopyTo(frame);
        mac.CopyTo(frame[6..]);
        BinaryPrimitives.WriteUInt16BigEndian(frame[12..], type);
    }

    private static void RequireFamily(IPAddress address, AddressFamily family)
    {
        if (address.AddressFamily != family)
        {
            throw new ArgumentException($"{address} is not an {(family == AddressFamily.InterNetwork ? "IPv4" : "IPv6")} address", nameof(address));
        }
    }
}

using System.Net.NetworkInformation;
using Csnet.Plugin.Kernel.Netlink;

namespace Csnet.Plugin.Kernel.Rtnl;

/// <summary>One end of a veth pair (IFLA_INFO_KIND "veth"). On add, the peer is created too.</summary>
public sealed record VethLink : Link
{
    public override string Kind => "veth";

    /// <summary>Name of the other end (VETH_INFO_PEER); required on add, may be null when read.</summary>
    public string? PeerName { get; init; }

    /// <summary>
    /// ifindex of the other end as read (IFLA_LINK); ignored on add. When the peer lives in another
    /// namespace this index belongs to that namespace.
    /// </summary>
    public int? PeerIndex { get; init; }

    /// <summary>MTU for the peer on add; null uses <see cref="Link.Mtu"/>.</summary>
    public int? PeerMtu { get; init; }

    /// <summary>MAC for the peer on add; null lets the kernel pick one.</summary>
    public PhysicalAddress? PeerMacAddress { get; init; }

    /// <summary>
    /// IFLA_INFO_DATA for veth: VETH_INFO_PEER holds a whole struct ifinfomsg plus IFLA_* attributes
    /// for the peer. The kernel reports no IFLA_INFO_DATA for veth; the peer shows up only as IFLA_LINK.
    /// </summary>
    internal sealed class Codec : LinkKindCodec
    {
        private const ushort VETH_INFO_PEER = 1;

        public override string Kind => "veth";

        public override void WriteInfoData(Link link, ref NetlinkWriter writer)
        {
            var veth = (VethLink)link;
            if (string.IsNullOrEmpty(veth.PeerName))
            {
                throw new ArgumentException($"veth {veth.Name}: PeerName is required to create a veth pair.", nameof(link));
            }

            var data = writer.BeginNested(LinkAttributeTypes.IFLA_INFO_DATA);
            var peer = writer.BeginNested(VETH_INFO_PEER);
            writer.WriteFixed(new IfInfoMessage { Family = AddressFamilies.AF_UNSPEC });
            LinkAttributesWriter.WriteName(ref writer, veth.PeerName);
            if ((veth.PeerMtu ?? veth.Mtu) is { } mtu)
            {
                writer.WriteUInt32(LinkAttributeTypes.IFLA_MTU, (uint)mtu);
            }

            if (veth.PeerMacAddress is { } mac)
            {
                writer.WriteBytes(LinkAttributeTypes.IFLA_ADDRESS, mac.GetAddressBytes());
            }

            writer.EndNested(peer);
            writer.EndNested(data);
        }

        public override Link Decode(string name, int? linkIndex, ReadOnlySpan<byte> infoData) =>
            new VethLink { Name = name, PeerIndex = linkIndex is > 0 ? linkIndex : null };
    }
}

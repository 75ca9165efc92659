using Csnet.Plugin.Kernel.Netlink;

namespace Csnet.Plugin.Kernel.Rtnl;

/// <summary>An 802.1Q VLAN sub-interface on a lower device (IFLA_INFO_KIND "vlan"), like eth0.10.</summary>
public sealed record VlanLink : Link
{
    /// <summary>The VLAN ids 802.1Q leaves usable: 0 means "no VLAN" (priority tags) and 4095 is reserved.</summary>
    public const int MinId = 1;

    public const int MaxId = 4094;

    public override string Kind => "vlan";

    /// <summary>ifindex of the lower device (IFLA_LINK); required on add.</summary>
    public int ParentIndex { get; init; }

    /// <summary>IFLA_VLAN_ID, from <see cref="MinId"/> to <see cref="MaxId"/>; required on add.</summary>
    public int VlanId { get; init; }

    /// <summary>IFLA_INFO_DATA for vlan: IFLA_VLAN_* attributes from linux/if_link.h.</summary>
    internal sealed class Codec : LinkKindCodec
    {
        private const ushort IFLA_VLAN_ID = 1;

        public override string Kind => "vlan";

        public override void WriteLinkAttributes(Link link, ref NetlinkWriter writer) =>
            WriteLowerDevice(link, ((VlanLink)link).ParentIndex, ref writer);

        public override void WriteInfoData(Link link, ref NetlinkWriter writer)
        {
            var vlan = (VlanLink)link;
            if (vlan.VlanId is < MinId or > MaxId)
            {
                throw new ArgumentException($"vlan {vlan.Name}: VlanId {vlan.VlanId} is not from {MinId} to {MaxId}.", nameof(link));
            }

            var data = writer.BeginNested(LinkAttributeTypes.IFLA_INFO_DATA);
            writer.WriteUInt16(IFLA_VLAN_ID, (ushort)vlan.VlanId);
            writer.EndNested(data);
        }

        public override Link Decode(string name, int? linkIndex, ReadOnlySpan<byte> infoData)
        {
            var id = 0;
            foreach (var attribute in new AttributeReader(infoData))
            {
                if (attribute.Type == IFLA_VLAN_ID)
                {
                    id = attribute.GetUInt16();
                }
            }

            return new VlanLink { Name = name, ParentIndex = linkIndex ?? 0, VlanId = id };
        }
    }
}

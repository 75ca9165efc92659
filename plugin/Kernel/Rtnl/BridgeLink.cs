using Csnet.Plugin.Kernel.Netlink;

namespace Csnet.Plugin.Kernel.Rtnl;

/// <summary>A Linux bridge (IFLA_INFO_KIND "bridge").</summary>
public sealed record BridgeLink : Link
{
    public override string Kind => "bridge";

    /// <summary>IFLA_BR_VLAN_FILTERING; null leaves the kernel default.</summary>
    public bool? VlanFiltering { get; init; }

    /// <summary>IFLA_INFO_DATA for bridges: IFLA_BR_* attributes from linux/if_link.h.</summary>
    internal sealed class Codec : LinkKindCodec
    {
        private const ushort IFLA_BR_VLAN_FILTERING = 7;

        public override string Kind => "bridge";

        public override void WriteInfoData(Link link, ref NetlinkWriter writer)
        {
            var bridge = (BridgeLink)link;
            if (bridge.VlanFiltering is not { } vlanFiltering)
            {
                return;
            }

            var data = writer.BeginNested(LinkAttributeTypes.IFLA_INFO_DATA);
            writer.WriteUInt8(IFLA_BR_VLAN_FILTERING, vlanFiltering ? (byte)1 : (byte)0);
            writer.EndNested(data);
        }

        public override Link Decode(string name, int? linkIndex, ReadOnlySpan<byte> infoData)
        {
            bool? vlanFiltering = null;
            foreach (var attribute in new AttributeReader(infoData))
            {
                if (attribute.Type == IFLA_BR_VLAN_FILTERING)
                {
                    vlanFiltering = attribute.GetUInt8() != 0;
                }
            }

            return new BridgeLink { Name = name, VlanFiltering = vlanFiltering };
        }
    }
}

using Csnet.Plugin.Kernel.Netlink;

namespace Csnet.Plugin.Kernel.Rtnl;

/// <summary>A macvlan on top of a parent (lower) device (IFLA_INFO_KIND "macvlan").</summary>
public sealed record MacvlanLink : Link
{
    public override string Kind => "macvlan";

    /// <summary>ifindex of the parent device (IFLA_LINK); required on add.</summary>
    public int ParentIndex { get; init; }

    /// <summary>IFLA_MACVLAN_MODE; null leaves the kernel default (vepa).</summary>
    public MacvlanMode? Mode { get; init; }

    /// <summary>IFLA_INFO_DATA for macvlan: IFLA_MACVLAN_* attributes from linux/if_link.h.</summary>
    internal sealed class Codec : LinkKindCodec
    {
        private const ushort IFLA_MACVLAN_MODE = 1;

        public override string Kind => "macvlan";

        public override void WriteLinkAttributes(Link link, ref NetlinkWriter writer) =>
            WriteLowerDevice(link, ((MacvlanLink)link).ParentIndex, ref writer);

        public override void WriteInfoData(Link link, ref NetlinkWriter writer)
        {
            if (((MacvlanLink)link).Mode is not { } mode)
            {
                return;
            }

            var data = writer.BeginNested(LinkAttributeTypes.IFLA_INFO_DATA);
            writer.WriteUInt32(IFLA_MACVLAN_MODE, (uint)mode);
            writer.EndNested(data);
        }

        public override Link Decode(string name, int? linkIndex, ReadOnlySpan<byte> infoData)
        {
            MacvlanMode? mode = null;
            foreach (var attribute in new AttributeReader(infoData))
            {
                if (attribute.Type == IFLA_MACVLAN_MODE)
                {
                    mode = (MacvlanMode)attribute.GetUInt32();
                }
            }

            return new MacvlanLink { Name = name, ParentIndex = linkIndex ?? 0, Mode = mode };
        }
    }
}

using System.Text;
using Csnet.Plugin.Kernel.Netlink;

namespace Csnet.Plugin.Kernel.Rtnl;

/// <summary>Writes the IFLA_* attributes every link kind shares.</summary>
internal static class LinkAttributesWriter
{
    public static void WriteName(ref NetlinkWriter writer, string name)
    {
        ValidateName(name);
        writer.WriteString(LinkAttributeTypes.IFLA_IFNAME, name);
    }

    /// <summary>
    /// The body of RTM_NEWLINK for a link being created: struct ifinfomsg (IFF_UP when
    /// <see cref="Link.IsUp"/>), name, MTU, MAC, master and group, then IFLA_LINKINFO. Not the alias: the
    /// kernel applies IFLA_IFALIAS only when changing a link and silently drops it on create.
    /// </summary>
    public static void WriteNewLink(ref NetlinkWriter writer, Link link)
    {
        var up = link.IsUp ? LinkAttributeTypes.IFF_UP : 0;
        writer.WriteFixed(new IfInfoMessage { Family = AddressFamilies.AF_UNSPEC, Flags = up, Change = up });
        WriteName(ref writer, link.Name);
        if (link.Mtu is { } mtu)
        {
            writer.WriteUInt32(LinkAttributeTypes.IFLA_MTU, (uint)mtu);
        }

        if (link.MacAddress is { } mac)
        {
            writer.WriteBytes(LinkAttributeTypes.IFLA_ADDRESS, mac.GetAddressBytes());
        }

        if (link.MasterIndex is { } master)
        {
            writer.WriteUInt32(LinkAttributeTypes.IFLA_MASTER, (uint)master);
        }

        if (link.Group is { } group)
        {
            writer.WriteUInt32(LinkAttributeTypes.IFLA_GROUP, group);
        }

        var codec = LinkKindCodec.Find(link.Kind);
        codec?.WriteLinkAttributes(link, ref writer);

        var linkInfo = writer.BeginNested(LinkAttributeTypes.IFLA_LINKINFO);
        writer.WriteString(LinkAttributeTypes.IFLA_INFO_KIND, link.Kind);
        codec?.WriteInfoData(link, ref writer);
        writer.EndNested(linkInfo);
    }

    /// <summary>
    /// The body of the RTM_NEWLINK (without NLM_F_CREATE) that changes a just-created link: the
    /// alias, and the bridge port settings nested in IFLA_LINKINFO/IFLA_INFO_SLAVE_DATA, which the
    /// kernel hands to the link's master (the bridge reads IFLA_BRPORT_*). One round trip for both.
    /// </summary>
    public static void WriteAfterCreate(ref NetlinkWriter writer, Link link)
    {
        writer.WriteFixed(new IfInfoMessage { Family = AddressFamilies.AF_UNSPEC });
        WriteName(ref writer, link.Name);
        if (link.Alias is { } alias)
        {
            writer.WriteString(LinkAttributeTypes.IFLA_IFALIAS, alias);
        }

        if (link.BridgePortHairpin is { } hairpin)
        {
            var linkInfo = writer.BeginNested(LinkAttributeTypes.IFLA_LINKINFO);
            var slaveData = writer.BeginNested(LinkAttributeTypes.IFLA_INFO_SLAVE_DATA);
            writer.WriteUInt8(BridgePortAttributes.IFLA_BRPORT_MODE, hairpin ? (byte)1 : (byte)0);
            writer.EndNested(slaveData);
            writer.EndNested(linkInfo);
        }
    }

    public static void ValidateName(string name)
    {
        var length = Encoding.UTF8.GetByteCount(name);
        if (length == 0 || length > LinkAttributeTypes.MaxNameLength || name.Contains('/') || name.Contains(' '))
        {
            throw new ArgumentException(
                $"'{name}' is not a valid interface name: use 1 to {LinkAttributeTypes.MaxNameLength} bytes without '/' or spaces.",
                nameof(name));
        }
    }
}

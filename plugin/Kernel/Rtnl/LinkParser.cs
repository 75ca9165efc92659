using System.Net.NetworkInformation;
using Csnet.Plugin.Kernel.Netlink;

namespace Csnet.Plugin.Kernel.Rtnl;

/// <summary>Turns an RTM_NEWLINK payload into the record for its kind.</summary>
internal static class LinkParser
{
    public static Link Parse(ReadOnlySpan<byte> payload)
    {
        var info = NetlinkMessageReader.ReadFixed<IfInfoMessage>(payload, out var attributes);
        string? name = null;
        int? mtu = null;
        int? master = null;
        int? linkIndex = null;
        string? alias = null;
        uint group = 0;
        PhysicalAddress? mac = null;
        var kind = string.Empty;
        ReadOnlySpan<byte> infoData = default;

        foreach (var attribute in new AttributeReader(attributes))
        {
            switch (attribute.Type)
            {
                case LinkAttributeTypes.IFLA_IFNAME:
                    name = attribute.GetString();
                    break;
                case LinkAttributeTypes.IFLA_MTU:
                    mtu = (int)attribute.GetUInt32();
                    break;
                case LinkAttributeTypes.IFLA_ADDRESS:
                    mac = new PhysicalAddress(attribute.Value.ToArray());
                    break;
                case LinkAttributeTypes.IFLA_MASTER:
                    master = (int)attribute.GetUInt32();
                    break;
                case LinkAttributeTypes.IFLA_LINK:
                    linkIndex = attribute.GetInt32();
                    break;
                case LinkAttributeTypes.IFLA_GROUP:
                    group = attribute.GetUInt32();
                    break;
                case LinkAttributeTypes.IFLA_IFALIAS:
                    alias = attribute.GetString();
                    break;
                case LinkAttributeTypes.IFLA_LINKINFO:
                    foreach (var nested in attribute.GetNested())
                    {
                        if (nested.Type == LinkAttributeTypes.IFLA_INFO_KIND)
                        {
                            kind = nested.GetString();
                        }
                        else if (nested.Type == LinkAttributeTypes.IFLA_INFO_DATA)
                        {
                            infoData = nested.Value;
                        }
                    }

                    break;
            }
        }

        if (name is null)
        {
            throw new NetlinkFormatException($"RTM_NEWLINK for ifindex {info.Index} has no IFLA_IFNAME.");
        }

        var link = LinkKindCodec.Find(kind)?.Decode(name, linkIndex, infoData) ?? new OtherLink(kind) { Name = name };
        return link with
        {
            Index = info.Index,
            Mtu = mtu,
            MacAddress = mac,
            MasterIndex = master,
            IsUp = (info.Flags & LinkAttributeTypes.IFF_UP) != 0,
            Alias = string.IsNullOrEmpty(alias) ? null : alias,
            Group = group == 0 ? null : group,
        };
    }
}

using Csnet.Plugin.Kernel.Netlink;

namespace Csnet.Plugin.Kernel.Rtnl;

/// <summary>
/// IFLA_BRPORT_* settings of a link enslaved to a bridge (linux/if_link.h): written nested in
/// IFLA_PROTINFO of an AF_BRIDGE RTM_SETLINK, read from IFLA_INFO_SLAVE_DATA of an RTM_NEWLINK.
/// </summary>
internal static class BridgePortAttributes
{
    /// <summary>Hairpin mode (u8, nonzero = on): frames may leave through the port they came in on.</summary>
    public const ushort IFLA_BRPORT_MODE = 4;

    /// <summary>IFLA_INFO_SLAVE_KIND of a link whose master is a Linux bridge.</summary>
    public const string BridgeSlaveKind = "bridge";

    /// <summary>
    /// The body of RTM_SETLINK that turns hairpin mode of port <paramref name="portIndex"/> on or off.
    /// The kernel hands an AF_BRIDGE RTM_SETLINK to the port's master, which finds the port by
    /// ifi_index only (IFLA_IFNAME is ignored there). IFLA_PROTINFO must carry NLA_F_NESTED: without it
    /// the bridge reads the attribute as the legacy bare u8 STP port state.
    /// </summary>
    public static void WriteSetHairpin(ref NetlinkWriter writer, int portIndex, bool enabled)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(portIndex);
        writer.WriteFixed(new IfInfoMessage { Family = AddressFamilies.AF_BRIDGE, Index = portIndex });
        var protinfo = writer.BeginNested(LinkAttributeTypes.IFLA_PROTINFO | NetlinkAttributeFlags.NLA_F_NESTED);
        writer.WriteUInt8(IFLA_BRPORT_MODE, enabled ? (byte)1 : (byte)0);
        writer.EndNested(protinfo);
    }

    /// <summary>
    /// Reads an RTM_NEWLINK payload: true when the link is a bridge port (IFLA_INFO_SLAVE_KIND
    /// "bridge"), with its hairpin mode from IFLA_INFO_SLAVE_DATA (null when the kernel did not report it).
    /// </summary>
    public static bool TryReadPort(ReadOnlySpan<byte> payload, out int index, out bool? hairpin)
    {
        index = NetlinkMessageReader.ReadFixed<IfInfoMessage>(payload, out var attributes).Index;
        hairpin = null;
        string? slaveKind = null;
        ReadOnlySpan<byte> slaveData = default;
        foreach (var attribute in new AttributeReader(attributes))
        {
            if (attribute.Type != LinkAttributeTypes.IFLA_LINKINFO)
            {
                continue;
            }

            foreach (var info in attribute.GetNested())
            {
                if (info.Type == LinkAttributeTypes.IFLA_INFO_SLAVE_KIND)
                {
                    slaveKind = info.GetString();
                }
                else if (info.Type == LinkAttributeTypes.IFLA_INFO_SLAVE_DATA)
                {
                    slaveData = info.Value;
                }
            }
        }

        // Other masters (a bond, say) number their slave attributes differently: bond's 4 is a u32.
        if (slaveKind != BridgeSlaveKind)
        {
            return false;
        }

        foreach (var port in new AttributeReader(slaveData))
        {
            if (port.Type == IFLA_BRPORT_MODE)
            {
                hairpin = port.GetUInt8() != 0;
            }
        }

        return true;
    }
}

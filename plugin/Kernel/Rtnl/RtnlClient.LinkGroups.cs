using Csnet.Plugin.Kernel.Netlink;

namespace Csnet.Plugin.Kernel.Rtnl;

public sealed partial class RtnlClient
{
    /// <summary>
    /// Deletes every link in interface group <paramref name="group"/> with one RTM_DELLINK (no ifindex,
    /// no name, IFLA_GROUP only). Deleting a veth singly waits for an RCU grace period under the rtnl
    /// lock; a group delete waits once for all of them. Group 0 is every link's default and is refused.
    /// </summary>
    public void DeleteLinkGroup(uint group)
    {
        ArgumentOutOfRangeException.ThrowIfZero(group);
        Execute($"delete link group {group}", RtnlMessageTypes.RTM_DELLINK, 0, (ref NetlinkWriter w) =>
        {
            w.WriteFixed(new IfInfoMessage { Family = AddressFamilies.AF_UNSPEC });
            w.WriteUInt32(LinkAttributeTypes.IFLA_GROUP, group);
        });
    }
}

using Csnet.Plugin.Kernel.Netlink;

namespace Csnet.Plugin.Kernel.Rtnl;

public sealed partial class RtnlClient
{
    /// <summary>
    /// Moves a link into interface group <paramref name="group"/> (one RTM_SETLINK, no other change),
    /// so that a later <see cref="DeleteLinkGroup"/> takes it with the others; false when it is gone.
    /// </summary>
    public bool TrySetLinkGroup(string name, uint group)
    {
        ArgumentOutOfRangeException.ThrowIfZero(group);
        try
        {
            SetLink($"move {name} to link group {group}", name, 0, (ref NetlinkWriter w) =>
                w.WriteUInt32(LinkAttributeTypes.IFLA_GROUP, group));
            return true;
        }
        catch (NetlinkException e) when (e.Errno == ENODEV)
        {
            return false;
        }
    }

    /// <summary>
    /// Deletes every link in interface group <paramref name="group"/> with one RTM_DELLINK (no ifindex,
    /// no name, IFLA_GROUP only). Deleting a veth singly waits for an RCU grace period under the rtnl
    /// lock; a group delete waits once for all of them. Group 0 is every link's default and is refused.
    /// False when the group was empty (the kernel answers ENODEV).
    /// </summary>
    public bool DeleteLinkGroup(uint group)
    {
        ArgumentOutOfRangeException.ThrowIfZero(group);
        try
        {
            Execute($"delete link group {group}", RtnlMessageTypes.RTM_DELLINK, 0, (ref NetlinkWriter w) =>
            {
                w.WriteFixed(new IfInfoMessage { Family = AddressFamilies.AF_UNSPEC });
                w.WriteUInt32(LinkAttributeTypes.IFLA_GROUP, group);
            });
            return true;
        }
        catch (NetlinkException e) when (e.Errno == ENODEV)
        {
            return false;
        }
    }
}

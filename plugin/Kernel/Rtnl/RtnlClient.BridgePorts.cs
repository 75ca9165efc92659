using Csnet.Plugin.Kernel.Netlink;

namespace Csnet.Plugin.Kernel.Rtnl;

public sealed partial class RtnlClient
{
    private const int EOPNOTSUPP = 95;

    public void SetBridgePortHairpin(string portName, bool enabled)
    {
        var operation = $"set hairpin of bridge port {portName} to {(enabled ? "on" : "off")}";

        // The kernel addresses an AF_BRIDGE RTM_SETLINK by ifindex, and for a link without a bridge
        // master it answers only EOPNOTSUPP with no message; look the port up first to say which.
        if (!TryGetBridgePort(operation, portName, out var index, out _))
        {
            throw new NetlinkException(operation, EOPNOTSUPP, $"{portName} is not enslaved to a bridge");
        }

        Execute(operation, RtnlMessageTypes.RTM_SETLINK, 0, (ref NetlinkWriter w) =>
            BridgePortAttributes.WriteSetHairpin(ref w, index, enabled));
    }

    public bool? GetBridgePortHairpin(string portName) =>
        TryGetBridgePort($"get hairpin of {portName}", portName, out _, out var hairpin) ? hairpin : null;

    /// <summary>
    /// RTM_GETLINK by name; false when the link is not a bridge port. The kernel reports a port's
    /// IFLA_BRPORT_* settings in IFLA_INFO_SLAVE_DATA of an ordinary link reply, so no AF_BRIDGE dump is needed.
    /// </summary>
    private bool TryGetBridgePort(string operation, string portName, out int index, out bool? hairpin)
    {
        LinkAttributesWriter.ValidateName(portName);
        var found = false;
        var isPort = false;
        var portIndex = 0;
        bool? mode = null;
        Execute(operation, RtnlMessageTypes.RTM_GETLINK, 0,
            (ref NetlinkWriter w) =>
            {
                w.WriteFixed(new IfInfoMessage { Family = AddressFamilies.AF_UNSPEC });
                w.WriteString(LinkAttributeTypes.IFLA_IFNAME, portName);
            },
            (in NetlinkMessage message) =>
            {
                if (message.Header.Type == RtnlMessageTypes.RTM_NEWLINK)
                {
                    found = true;
                    isPort = BridgePortAttributes.TryReadPort(message.Payload, out portIndex, out mode);
                }
            });

        if (!found)
        {
            throw new NetlinkFormatException($"{operation}: the kernel acknowledged RTM_GETLINK without a link.");
        }

        index = portIndex;
        hairpin = mode;
        return isPort;
    }
}

using System.Net;
using System.Net.Sockets;
using Csnet.Plugin.Kernel.Netlink;

namespace Csnet.Plugin.Kernel.Rtnl;

public sealed partial class RtnlClient
{
    public void AddAddress(string linkName, IPAddress address, int prefixLength) =>
        ChangeAddress("add", RtnlMessageTypes.RTM_NEWADDR, NetlinkFlags.NLM_F_CREATE | NetlinkFlags.NLM_F_EXCL, linkName, address, prefixLength);

    public void DeleteAddress(string linkName, IPAddress address, int prefixLength) =>
        ChangeAddress("delete", RtnlMessageTypes.RTM_DELADDR, 0, linkName, address, prefixLength);

    public IReadOnlyList<InterfaceAddress> GetAddresses(string? linkName = null)
    {
        int? index = null;
        if (linkName is not null)
        {
            index = TryGetLink(linkName)?.Index
                ?? throw new NetlinkException($"dump addresses of {linkName}", ENODEV, $"link {linkName} does not exist");
        }

        return Dump("dump addresses", RtnlMessageTypes.RTM_GETADDR,
            (ref NetlinkWriter w) => w.WriteFixed(new IfAddrMessage { Family = AddressFamilies.AF_UNSPEC }),
            (in NetlinkMessage message) =>
            {
                if (message.Header.Type != RtnlMessageTypes.RTM_NEWADDR)
                {
                    return null;
                }

                var address = ParseAddress(message.Payload);
                return index is null || address?.LinkIndex == index ? address : null;
            });
    }

    private void ChangeAddress(string verb, ushort type, ushort flags, string linkName, IPAddress address, int prefixLength)
    {
        ArgumentNullException.ThrowIfNull(address);
        var family = AddressFamilies.ToLinux(address.AddressFamily);
        var maxPrefix = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        ArgumentOutOfRangeException.ThrowIfNegative(prefixLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(prefixLength, maxPrefix);

        var operation = $"{verb} address {address}/{prefixLength} on {linkName}";
        var index = TryGetLink(linkName)?.Index
            ?? throw new NetlinkException(operation, ENODEV, $"link {linkName} does not exist");
        var bytes = address.GetAddressBytes();
        Execute(operation, type, flags, (ref NetlinkWriter w) =>
        {
            w.WriteFixed(new IfAddrMessage { Family = family, PrefixLength = (byte)prefixLength, Index = (uint)index });

            // IPv4 needs IFA_LOCAL (the interface's own address); IFA_ADDRESS alone would be read as a
            // point-to-point peer. `ip addr add` sends both with the same value, and so do we.
            if (family == AddressFamilies.AF_INET)
            {
                w.WriteBytes(AddressAttributeTypes.IFA_LOCAL, bytes);
            }

            w.WriteBytes(AddressAttributeTypes.IFA_ADDRESS, bytes);
        });
    }

    private static InterfaceAddress? ParseAddress(ReadOnlySpan<byte> payload)
    {
        var header = NetlinkMessageReader.ReadFixed<IfAddrMessage>(payload, out var attributes);
        IPAddress? address = null;
        IPAddress? local = null;
        foreach (var attribute in new AttributeReader(attributes))
        {
            switch (attribute.Type)
            {
                case AddressAttributeTypes.IFA_ADDRESS:
                    address = ReadIPAddress(attribute, header.Family);
                    break;
                case AddressAttributeTypes.IFA_LOCAL:
                    local = ReadIPAddress(attribute, header.Family);
                    break;
            }
        }

        // On IPv4 point-to-point links IFA_ADDRESS is the peer; IFA_LOCAL is always ours when present.
        var own = local ?? address;
        return own is null ? null : new InterfaceAddress((int)header.Index, own, header.PrefixLength);
    }

    private static IPAddress? ReadIPAddress(NetlinkAttribute attribute, byte family)
    {
        var expected = family switch
        {
            AddressFamilies.AF_INET => 4,
            AddressFamilies.AF_INET6 => 16,
            _ => 0,
        };
        if (expected == 0)
        {
            return null;
        }

        if (attribute.Value.Length != expected)
        {
            throw new NetlinkFormatException($"Address attribute {attribute.Type} has {attribute.Value.Length} bytes for family {family}.");
        }

        return new IPAddress(attribute.Value);
    }
}

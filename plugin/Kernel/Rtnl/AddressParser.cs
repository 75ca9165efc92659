using System.Net;
using Csnet.Plugin.Kernel.Netlink;

namespace Csnet.Plugin.Kernel.Rtnl;

/// <summary>Turns an RTM_NEWADDR payload into an <see cref="InterfaceAddress"/>.</summary>
internal static class AddressParser
{
    /// <summary>Null for families other than IPv4/IPv6 or a message without an address.</summary>
    public static InterfaceAddress? Parse(ReadOnlySpan<byte> payload)
    {
        var header = NetlinkMessageReader.ReadFixed<IfAddrMessage>(payload, out var attributes);
        IPAddress? address = null;
        IPAddress? local = null;
        foreach (var attribute in new AttributeReader(attributes))
        {
            switch (attribute.Type)
            {
                case AddressAttributeTypes.IFA_ADDRESS:
                    address = IPAddressAttribute.Read(attribute, header.Family);
                    break;
                case AddressAttributeTypes.IFA_LOCAL:
                    local = IPAddressAttribute.Read(attribute, header.Family);
                    break;
            }
        }

        // On IPv4 point-to-point links IFA_ADDRESS is the peer; IFA_LOCAL is always ours when present.
        var own = local ?? address;
        return own is null ? null : new InterfaceAddress((int)header.Index, own, header.PrefixLength);
    }
}

using System.Net;
using Csnet.Plugin.Kernel.Netlink;

namespace Csnet.Plugin.Kernel.Rtnl;

/// <summary>Reads an address attribute (IFA_*, RTA_*): raw network-order bytes sized by the message's family.</summary>
internal static class IPAddressAttribute
{
    /// <summary>Null for a family other than AF_INET/AF_INET6; a size that doesn't fit the family is malformed.</summary>
    public static IPAddress? Read(NetlinkAttribute attribute, byte family)
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

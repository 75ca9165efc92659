using System.Net;
using System.Net.Sockets;
using Csnet.Plugin.Kernel.Netlink;

namespace Csnet.Plugin.Kernel.Rtnl;

public sealed partial class RtnlClient
{
    private const int EADDRNOTAVAIL = 99;

    public void AddAddress(string linkName, IPAddress address, int prefixLength) =>
        ChangeAddress("add", RtnlMessageTypes.RTM_NEWADDR, NetlinkFlags.NLM_F_CREATE | NetlinkFlags.NLM_F_EXCL, linkName, address, prefixLength);

    public void DeleteAddress(string linkName, IPAddress address, int prefixLength) =>
        ChangeAddress("delete", RtnlMessageTypes.RTM_DELADDR, 0, linkName, address, prefixLength);

    public bool TryDeleteAddress(string linkName, IPAddress address, int prefixLength)
    {
        try
        {
            DeleteAddress(linkName, address, prefixLength);
            return true;
        }
        catch (NetlinkException e) when (e.Errno is EADDRNOTAVAIL or ENODEV)
        {
            return false;
        }
    }

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

                var address = AddressParser.Parse(message.Payload);
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
            // IPv6 addresses csnet adds are its own gateways on its own links: duplicate address
            // detection would only hold them "tentative" (unusable) for a second after every add.
            var flags = family == AddressFamilies.AF_INET6 ? AddressAttributeTypes.IFA_F_NODAD : (byte)0;
            w.WriteFixed(new IfAddrMessage { Family = family, PrefixLength = (byte)prefixLength, Flags = flags, Index = (uint)index });

            // IPv4 needs IFA_LOCAL (the interface's own address); IFA_ADDRESS alone would be read as a
            // point-to-point peer. `ip addr add` sends both with the same value, and so do we.
            if (family == AddressFamilies.AF_INET)
            {
                w.WriteBytes(AddressAttributeTypes.IFA_LOCAL, bytes);
            }

            w.WriteBytes(AddressAttributeTypes.IFA_ADDRESS, bytes);
        });
    }
}

using System.Net;
using Csnet.Plugin.Kernel.Netlink;
using Csnet.Plugin.Kernel.Rtnl;
using Xunit;

namespace Csnet.Plugin.Tests.Kernel.Rtnl;

public sealed class AddressParserTests
{
    private delegate void Build(ref NetlinkWriter writer);

    [Fact]
    public void Parse_Ipv4WithLocalAndPeer_PrefersLocal()
    {
        var payload = Payload(AddressFamilies.AF_INET, 24, 3, static (ref NetlinkWriter w) =>
        {
            w.WriteBytes(AddressAttributeTypes.IFA_ADDRESS, [10, 0, 0, 2]);
            w.WriteBytes(AddressAttributeTypes.IFA_LOCAL, [10, 0, 0, 1]);
        });

        Assert.Equal(new InterfaceAddress(3, IPAddress.Parse("10.0.0.1"), 24), AddressParser.Parse(payload));
    }

    [Fact]
    public void Parse_Ipv6_ReadsAddress()
    {
        var payload = Payload(AddressFamilies.AF_INET6, 64, 4, static (ref NetlinkWriter w) =>
            w.WriteBytes(AddressAttributeTypes.IFA_ADDRESS, IPAddress.Parse("fd00::1").GetAddressBytes()));

        Assert.Equal(new InterfaceAddress(4, IPAddress.Parse("fd00::1"), 64), AddressParser.Parse(payload));
    }

    [Fact]
    public void Parse_WrongAddressSize_ThrowsNetlinkFormatException()
    {
        var payload = Payload(AddressFamilies.AF_INET, 24, 3, static (ref NetlinkWriter w) =>
            w.WriteBytes(AddressAttributeTypes.IFA_LOCAL, [10, 0, 0]));

        Assert.Throws<NetlinkFormatException>(() => AddressParser.Parse(payload));
    }

    [Fact]
    public void Parse_OtherFamily_ReturnsNull()
    {
        var payload = Payload(17, 0, 3, static (ref NetlinkWriter w) => w.WriteBytes(AddressAttributeTypes.IFA_ADDRESS, [1, 2]));

        Assert.Null(AddressParser.Parse(payload));
    }

    [Fact]
    public void Parse_RandomBytes_ThrowsOnlyNetlinkFormatException()
    {
        var random = new Random(22);
        for (var i = 0; i < 20000; i++)
        {
            var bytes = new byte[random.Next(0, 64)];
            random.NextBytes(bytes);
            if (bytes.Length > 0)
            {
                bytes[0] = random.Next(2) == 0 ? AddressFamilies.AF_INET : AddressFamilies.AF_INET6;
            }

            try
            {
                AddressParser.Parse(bytes);
            }
            catch (NetlinkFormatException)
            {
            }
        }
    }

    private static byte[] Payload(byte family, byte prefixLength, uint index, Build attributes)
    {
        var writer = new NetlinkWriter();
        try
        {
            writer.WriteFixed(new IfAddrMessage { Family = family, PrefixLength = prefixLength, Index = index });
            attributes(ref writer);
            return writer.WrittenSpan.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }
}

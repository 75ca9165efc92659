using System.Net;
using Csnet.Plugin.Kernel.Netlink;
using Csnet.Plugin.Kernel.Rtnl;
using Xunit;

namespace Csnet.Plugin.Tests.Kernel.Rtnl;

// Whole RTM_NEWROUTE requests as RtnlClient.ReplaceRoute sends them (sequence 1, port 0), byte for byte.
public sealed class RouteAttributesWriterTests
{
    [Fact]
    public void WriteRoute_IPv4HostRouteOnLinkWithSource_MatchesFixture()
    {
        var route = new Route(IPAddress.Parse("10.40.1.5"), 32, null, 7) { PreferredSource = IPAddress.Parse("10.40.1.250") };

        Assert.Equal(
            "34000000" + "1800" + "0505" + "01000000" + "00000000" + // nlmsghdr: 52 bytes, RTM_NEWROUTE, create|replace
            "02200000" + "FE04FD01" + "00000000" +                    // rtmsg: AF_INET /32, main table, static, scope link, unicast
            "08000100" + "0A280105" +                                 // RTA_DST 10.40.1.5
            "08000700" + "0A2801FA" +                                 // RTA_PREFSRC 10.40.1.250
            "08000400" + "07000000",                                  // RTA_OIF 7
            Encode(route));
    }

    [Fact]
    public void WriteRoute_IPv6HostRoute_IsScopeUniverse()
    {
        var route = new Route(IPAddress.Parse("fd5c:e2e:40:1::5"), 128, null, 7) { PreferredSource = IPAddress.Parse("fd5c:e2e:40:1::fa") };

        Assert.Equal(
            "4C000000" + "1800" + "0505" + "01000000" + "00000000" + // nlmsghdr: 76 bytes
            "0A800000" + "FE040001" + "00000000" +                    // rtmsg: AF_INET6 /128, main, static, scope universe, unicast
            "14000100" + "FD5C0E2E004000010000000000000005" +         // RTA_DST
            "14000700" + "FD5C0E2E0040000100000000000000FA" +         // RTA_PREFSRC
            "08000400" + "07000000",                                  // RTA_OIF 7
            Encode(route));
    }

    [Fact]
    public void WriteRoute_SourceOfOtherFamily_Throws()
    {
        var route = new Route(IPAddress.Parse("10.40.1.5"), 32, null, 7) { PreferredSource = IPAddress.Parse("fd5c::1") };

        Assert.Throws<ArgumentException>(() => Encode(route));
    }

    [Fact]
    public void WriteRoute_PrefixLongerThanFamily_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Encode(new Route(IPAddress.Parse("10.40.1.5"), 33, null, 7)));
    }

    private static string Encode(Route route)
    {
        var writer = new NetlinkWriter();
        try
        {
            writer.BeginMessage(RtnlMessageTypes.RTM_NEWROUTE, NetlinkFlags.NLM_F_CREATE | NetlinkFlags.NLM_F_REPLACE);
            RouteAttributesWriter.WriteRoute(ref writer, route);
            writer.EndMessage();
            writer.StampHeader(1, 0);
            writer.AddFlags(NetlinkFlags.NLM_F_REQUEST | NetlinkFlags.NLM_F_ACK);
            return Convert.ToHexString(writer.WrittenSpan);
        }
        finally
        {
            writer.Dispose();
        }
    }
}

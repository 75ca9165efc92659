using System.Net;
using Csnet.Plugin.Drivers.Macvlan;
using Csnet.Plugin.Errors;
using Csnet.Plugin.Kernel.Rtnl;
using Xunit;

namespace Csnet.Plugin.Tests.Drivers.Macvlan;

public sealed class MacvlanOptionsTests
{
    [Fact]
    public void Parse_OnlyParent_BridgeModeProbingNoShim()
    {
        var options = MacvlanOptions.Parse(Options(("parent", "eth1")));

        Assert.Equal(("eth1", MacvlanMode.Bridge, true, 0), (options.Parent, options.Mode, options.Probe, options.HostShim.Count));
        Assert.Null(options.Vlan);
        Assert.Null(options.Mtu);
    }

    [Theory]
    [InlineData("bridge", MacvlanMode.Bridge)]
    [InlineData("private", MacvlanMode.Private)]
    [InlineData("vepa", MacvlanMode.Vepa)]
    [InlineData("passthru", MacvlanMode.Passthru)]
    public void Parse_MacvlanMode_DockersSpellings(string value, MacvlanMode expected)
    {
        Assert.Equal(expected, MacvlanOptions.Parse(Options(("macvlan_mode", value))).Mode);
    }

    [Fact]
    public void Parse_UnknownMacvlanMode_NamesTheModes()
    {
        var error = Assert.Throws<CsnetException>(() => MacvlanOptions.Parse(Options(("macvlan_mode", "source"))));

        Assert.Equal(ErrorKind.InvalidOption, error.Kind);
        Assert.Contains("option macvlan_mode: 'source' is not a macvlan mode; use bridge (the default), private, vepa or passthru", error.Message);
    }

    [Fact]
    public void Parse_LoopbackParent_Refused()
    {
        var error = Assert.Throws<CsnetException>(() => MacvlanOptions.Parse(Options(("parent", "lo"))));

        Assert.Contains("loopback interface is not a valid macvlan parent", error.Message);
    }

    [Theory]
    [InlineData("eth0.10", "eth0", 10)]
    [InlineData("enp3s0.4094", "enp3s0", 4094)]
    [InlineData("eth0.4095", "eth0", 4095)]
    public void Parse_VlanStyleParent_LowerAndIdWithoutRangeCheck(string parent, string lower, int id)
    {
        Assert.Equal((lower, id), MacvlanOptions.Parse(Options(("parent", parent))).Vlan);
    }

    [Theory]
    [InlineData("eth0")]
    [InlineData("br.lan")]
    [InlineData("a.b.10")]
    [InlineData(".10")]
    public void Parse_OtherParentNames_NoVlan(string parent)
    {
        Assert.Null(MacvlanOptions.Parse(Options(("parent", parent))).Vlan);
    }

    [Fact]
    public void Parse_HostShimOfBothFamilies_Kept()
    {
        var options = MacvlanOptions.Parse(Options(("csnet.host_shim", "10.40.1.250, fd5c:40:1::fa")));

        Assert.Equal([IPAddress.Parse("10.40.1.250"), IPAddress.Parse("fd5c:40:1::fa")], options.HostShim);
    }

    [Theory]
    [InlineData("10.40.1.250,10.40.1.251", "two IPv4 addresses")]
    [InlineData("10.40.1.250/24", "is not an IP address")]
    [InlineData("shim", "is not an IP address")]
    [InlineData("", "empty")]
    public void Parse_BadHostShim_SaysWhatToGive(string value, string expected)
    {
        var error = Assert.Throws<CsnetException>(() => MacvlanOptions.Parse(Options(("csnet.host_shim", value))));

        Assert.Contains($"option csnet.host_shim", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Parse_HostShimWithPrivateMode_Refused()
    {
        var error = Assert.Throws<CsnetException>(() => MacvlanOptions.Parse(Options(("csnet.host_shim", "10.40.1.250"), ("macvlan_mode", "private"))));

        Assert.Contains("the host shim needs macvlan_mode bridge", error.Message);
    }

    [Fact]
    public void Parse_ProbeFalse_TurnsProbingOff()
    {
        Assert.False(MacvlanOptions.Parse(Options(("csnet.probe", "false"))).Probe);
    }

    [Fact]
    public void Parse_EveryProblemAtOnce_UnknownKeysByName()
    {
        var error = Assert.Throws<CsnetException>(() => MacvlanOptions.Parse(Options(
            ("com.docker.network.bridge.name", "br0"), ("csnet.probe", "maybe"), ("com.docker.network.driver.mtu", "abc"))));

        Assert.Contains("unknown option com.docker.network.bridge.name; the macvlan mode accepts mode, parent, macvlan_mode", error.Message);
        Assert.Contains("option csnet.probe: 'maybe' is not true or false", error.Message);
        Assert.Contains("option com.docker.network.driver.mtu: 'abc' is not a number from 68 to 65535", error.Message);
    }

    private static Dictionary<string, string> Options(params (string Key, string Value)[] options)
    {
        var map = options.ToDictionary(o => o.Key, o => o.Value);
        map.TryAdd("mode", "macvlan");
        return map;
    }
}

using Xunit;
using System.Net;
using Csnet.Plugin.Drivers.Bridge;
using Csnet.Plugin.Errors;

namespace Csnet.Plugin.Tests.Drivers.Bridge;

public sealed class BridgeOptionsTests
{
    private static BridgeOptions Parse(params (string Key, string Value)[] options) =>
        BridgeOptions.Parse(options.ToDictionary(o => o.Key, o => o.Value));

    private static CsnetException Fails(params (string Key, string Value)[] options) =>
        Assert.Throws<CsnetException>(() => Parse(options));

    [Fact]
    public void Parse_NoOptions_DockerDefaults()
    {
        var options = Parse();
        Assert.Null(options.BridgeName);
        Assert.Null(options.Mtu);
        Assert.True(options.EnableIpMasquerade);
        Assert.True(options.EnableIcc);
        Assert.Equal("eth", options.ContainerIfacePrefix);
    }

    [Fact]
    public void Parse_AllKnownOptions_Typed()
    {
        var options = Parse(
            ("mode", "bridge"),
            ("com.docker.network.bridge.name", "br-test"),
            ("com.docker.network.driver.mtu", "1400"),
            ("com.docker.network.bridge.enable_ip_masquerade", "false"),
            ("com.docker.network.bridge.enable_icc", "true"),
            ("com.docker.network.bridge.host_binding_ipv4", "127.0.0.1"),
            ("com.docker.network.container_iface_prefix", "en"));
        Assert.Equal("br-test", options.BridgeName);
        Assert.Equal(1400, options.Mtu);
        Assert.False(options.EnableIpMasquerade);
        Assert.Equal("127.0.0.1", options.HostBindingIpv4.ToString());
        Assert.Equal("en", options.ContainerIfacePrefix);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("67")]
    [InlineData("70000")]
    public void Parse_MtuOutOfRange_ReportsOptionName(string mtu)
    {
        var error = Fails(("com.docker.network.driver.mtu", mtu));
        Assert.Equal(ErrorKind.InvalidOption, error.Kind);
        Assert.Contains("com.docker.network.driver.mtu", error.Message);
        Assert.Contains($"'{mtu}'", error.Message);
    }

    [Fact]
    public void Parse_UnknownOption_NamesItAndListsKnownOnes()
    {
        var error = Fails(("com.docker.network.bridge.nmae", "x"));
        Assert.Contains("unknown option com.docker.network.bridge.nmae", error.Message);
        Assert.Contains("com.docker.network.bridge.name", error.Message);
    }

    [Fact]
    public void Parse_SeveralProblems_ReportsEveryOne()
    {
        var error = Fails(("com.docker.network.driver.mtu", "x"), ("com.docker.network.bridge.enable_ip_masquerade", "maybe"));
        Assert.Contains("driver.mtu", error.Message);
        Assert.Contains("enable_ip_masquerade", error.Message);
    }

    [Theory]
    [InlineData("this-name-is-too-long")]
    [InlineData("a/b")]
    [InlineData("a b")]
    public void Parse_BadBridgeName_Rejected(string name) =>
        Assert.Contains("not a valid interface name", Fails(("com.docker.network.bridge.name", name)).Message);

    [Theory]
    [InlineData("1", true)]
    [InlineData("T", true)]
    [InlineData("True", true)]
    [InlineData("0", false)]
    [InlineData("FALSE", false)]
    public void Parse_GoBoolSpellings_Accepted(string text, bool expected) =>
        Assert.Equal(expected, Parse(("com.docker.network.bridge.enable_ip_masquerade", text)).EnableIpMasquerade);

    [Fact]
    public void Parse_IccFalse_Typed() =>
        Assert.False(Parse(("com.docker.network.bridge.enable_icc", "false")).EnableIcc);

    [Fact]
    public void Parse_HostIpv4_TypedAndChecked()
    {
        Assert.Equal(IPAddress.Parse("10.199.0.1"), Parse(("com.docker.network.host_ipv4", "10.199.0.1")).HostIpv4);
        Assert.Contains("com.docker.network.host_ipv4: 'fe80::1'", Fails(("com.docker.network.host_ipv4", "fe80::1")).Message);
    }

    [Fact]
    public void Parse_DockerOptionNotImplemented_SaysSoInsteadOfUnknown() =>
        Assert.Contains("inhibit_ipv4 is not supported by csnet yet", Fails(("com.docker.network.bridge.inhibit_ipv4", "true")).Message);
}

using System.Text.Json;
using Csnet.Plugin.Admin;
using Csnet.Plugin.Ctl;
using Csnet.Plugin.Kernel.Nftables;
using Csnet.Plugin.Kernel.Rtnl;
using Csnet.Plugin.Tests.Endpoints;
using Moq;
using Xunit;

namespace Csnet.Plugin.Tests.Doctor;

/// <summary>GET /csnet/v1/doctor over a plugin that served Docker's calls, and csnetctl's rendering and exit code.</summary>
public sealed class DoctorRouteTests : IAsyncLifetime
{
    private const string NetId = "6d3e0000000000000000000000000000000000000000000000000000000000aa";
    private PluginHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await PluginHost.StartAsync();
        var (status, body) = await _host.PostAsync("/NetworkDriver.CreateNetwork",
            $$$"""{"NetworkID":"{{{NetId}}}","Options":{"com.docker.network.enable_ipv6":false,"com.docker.network.generic":{}},"IPv4Data":[{"AddressSpace":"LocalDefault","Pool":"10.92.0.0/24","Gateway":"10.92.0.1/24"}],"IPv6Data":[]}""");
        Assert.True(status == 200, body);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Doctor_ForwardingOffWithARoutedNetwork_ProblemNamingTheNetworkAndTheSysctl()
    {
        // The host's sysctls are a mock here: ip_forward reads 0.
        var report = await DoctorAsync();

        var forwarding = Assert.Single(report.Findings, f => f.Check == "forwarding");
        Assert.Equal("problem", forwarding.Severity);
        Assert.Equal("net.ipv4.ip_forward is 0: containers of 6d3e00000000 cannot leave their bridge", forwarding.Detail);
        Assert.StartsWith("sysctl -w net.ipv4.ip_forward=1", forwarding.Fix);
        Assert.Equal(CtlVersion.Current, report.Version);
        Assert.Contains(report.Findings, f => f.Check == "network 6d3e00000000" && f.Severity == "ok");
        Assert.Contains(report.Findings, f => f.Check == "database" && f.Severity == "ok");
    }

    [Fact]
    public async Task Doctor_DamagedFirewall_ProblemSayingWhat()
    {
        _host.Firewall.Setup(f => f.IsIntact(It.IsAny<IReadOnlyCollection<NetworkRules>>())).Returns(false);
        _host.Firewall.Setup(f => f.LastDamage).Returns(FirewallDamage.RulesMissing);

        var firewall = Assert.Single((await DoctorAsync()).Findings, f => f.Check == "firewall");

        Assert.Equal("problem", firewall.Severity);
        Assert.Contains("a rule is missing or one is there that csnet did not install", firewall.Detail);
    }

    [Fact]
    public async Task Doctor_TaggedLinkWithoutRecord_Warned()
    {
        _host.Rtnl.Existing(new VethLink { Name = "csvdeadbeef0000", Alias = "csnet:deadbeef0000/aa", IsUp = true });

        var orphans = Assert.Single((await DoctorAsync()).Findings, f => f.Check == "orphans");

        Assert.Equal("warning", orphans.Severity);
        Assert.Contains("csvdeadbeef0000 (veth, csnet:deadbeef0000/aa)", orphans.Detail);
    }

    [Fact]
    public void Render_WrapsWithin100Columns_MarksProblems_AndCounts()
    {
        FindingView[] findings =
        [
            new("forwarding", "problem", string.Join(' ', Enumerable.Repeat("word", 40)), "sysctl -w net.ipv4.ip_forward=1"),
            new("database", "ok", "fine", null),
            DoctorText.Version("0.1.0+aaaa", "0.2.0+bbbb"),
        ];

        var text = DoctorText.Render(findings);

        Assert.All(text.Split('\n'), line => Assert.True(line.Length <= DoctorText.Width, line));
        Assert.StartsWith("PROBLEM  forwarding  word word", text);
        Assert.Contains("\n                     fix: sysctl -w net.ipv4.ip_forward=1\n", text);
        Assert.EndsWith("1 problem(s), 1 warning(s) in 3 checks\n", text);
        Assert.True(DoctorText.HasProblems(findings));
        Assert.False(DoctorText.HasProblems(findings[1..]));
    }

    private async Task<DoctorView> DoctorAsync()
    {
        using var response = await _host.Client.GetAsync("/csnet/v1/doctor");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonSerializer.Deserialize(body, AdminJsonContext.Default.DoctorView)!;
    }
}

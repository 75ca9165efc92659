using Csnet.E2E.Tests.Harness;
using Xunit.Abstractions;

namespace Csnet.E2E.Tests.Scenarios;

[Collection(E2ECollection.Name)]
public sealed class SourceAddressTests(E2EFixture fixture, ITestOutputHelper output)
{
    private const string ExternalNetns = "csnet-e2e-src";
    private const string OtherNetns = "csnet-e2e-src2";

    /// <summary>
    /// com.docker.network.host_ipv4 picks the source address of the network's outgoing traffic. The
    /// external host is reached over link A (10.199.4.0/30); host_ipv4 is the host's address on a
    /// second link B (10.199.5.1), so plain masquerade (which would use 10.199.4.1) is told apart. The
    /// external netns gets a route to that one address (replies must come back) and records every
    /// source address it sees in an nft set. Docker's bridge (20.10 and 26.1) honours host_ipv4 as well (SNAT
    /// --to-source instead of MASQUERADE), so the reference runs too.
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(Drivers.All), MemberType = typeof(Drivers))]
    public void WithHostIpv4SetTheOutsideHostSeesThatSourceAddress(string driver)
    {
        using var t = TestScope.Begin(fixture, output, driver);
        t.CreateExternalHost(ExternalNetns, "cse2e-src-h", "cse2e-src-n", "10.199.4.1/30", "10.199.4.2/30");
        t.CreateExternalHost(OtherNetns, "cse2e-src2-h", "cse2e-src2-n", "10.199.5.1/30", "10.199.5.2/30");
        t.HostCommand("ip", "-n", ExternalNetns, "route", "add", "10.199.5.1/32", "via", "10.199.4.1");
        t.HostCommandWithInput(
            "table ip e2eprobe {\n set seen { type ipv4_addr; flags dynamic; size 64; }\n" +
            " chain input {\n  type filter hook input priority -300; policy accept;\n  icmp type echo-request add @seen { ip saddr }\n }\n}\n",
            "ip", "netns", "exec", ExternalNetns, "nft", "-f", "-");

        var network = t.CreateNetwork("src", "--subnet", $"{t.Net(79)}.0/24", "-o", "com.docker.network.host_ipv4=10.199.5.1");
        var c = t.StartContainer("c", network);
        t.MustPing(c, "10.199.4.2");

        var seen = t.HostCommand("ip", "netns", "exec", ExternalNetns, "nft", "list", "set", "ip", "e2eprobe", "seen").Stdout;
        t.Log("source addresses seen by the external host: " + seen.Replace('\n', ' '));
        t.Check(seen.Contains("10.199.5.1", StringComparison.Ordinal) && !seen.Contains("10.199.4.1", StringComparison.Ordinal),
            $"the external host should see only source 10.199.5.1 (host_ipv4), saw:\n{seen}");
        t.Passed();
    }
}

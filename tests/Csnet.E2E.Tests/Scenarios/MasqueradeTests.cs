using Csnet.E2E.Tests.Harness;
using Xunit.Abstractions;

namespace Csnet.E2E.Tests.Scenarios;

[Collection(E2ECollection.Name)]
public sealed class MasqueradeTests(E2EFixture fixture, ITestOutputHelper output)
{
    private const string ExternalNetns = "csnet-e2e-ext";
    private const string HostSide = "cse2e-ext-h";
    private const string NsSide = "cse2e-ext-n";

    /// <summary>
    /// The "outside host" is a netns behind a veth with no route back to the container subnet, so a
    /// reply arrives only if the host masqueraded the request and forwarded it despite FORWARD DROP.
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(Drivers.All), MemberType = typeof(Drivers))]
    public void AContainerReachesAnOutsideHostThroughMasquerade(string driver)
    {
        using var t = TestScope.Begin(fixture, output, driver);
        t.Check(HostState.ReadForwardPolicy() == "DROP", "precondition: iptables FORWARD policy should be DROP");
        t.CreateExternalHost(ExternalNetns, HostSide, NsSide, "10.199.0.1/30", "10.199.0.2/30");

        var net = t.Net(99);
        var network = t.CreateNetwork("masq", "--subnet", $"{net}.0/24");
        var c = t.StartContainer("c", network);
        var ip = t.ContainerIp(c, network);

        var back = ProcessRunner.Run("ip", "-n", ExternalNetns, "route", "get", ip);
        t.Check(!back.Succeeded, $"precondition: {ExternalNetns} must have no route to {ip}\n{back}");

        t.MustPing(c, "10.199.0.2");
        t.Passed();
    }
}

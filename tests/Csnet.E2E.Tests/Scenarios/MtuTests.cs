using Csnet.E2E.Tests.Harness;
using Xunit.Abstractions;

namespace Csnet.E2E.Tests.Scenarios;

[Collection(E2ECollection.Name)]
public sealed class MtuTests(E2EFixture fixture, ITestOutputHelper output)
{
    [SkippableTheory]
    [MemberData(nameof(Drivers.All), MemberType = typeof(Drivers))]
    public void TheContainerInterfaceGetsTheMtuOfTheNetwork(string driver)
    {
        using var t = TestScope.Begin(fixture, output, driver);
        var net = t.Net(96);
        var network = t.CreateNetwork("mtu", "--subnet", $"{net}.0/24", "-o", "com.docker.network.driver.mtu=1400");

        var c = t.StartContainer("c", network);

        var mtu = t.Exec(c, "cat", "/sys/class/net/eth0/mtu");
        t.Check(mtu.Succeeded && mtu.Stdout.Trim() == "1400", $"eth0 MTU is '{mtu.Stdout.Trim()}', expected 1400\n{mtu}");
        t.Passed();
    }
}

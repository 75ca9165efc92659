using System.Net;
using Csnet.E2E.Tests.Harness;
using Xunit.Abstractions;

namespace Csnet.E2E.Tests.Scenarios;

[Collection(E2ECollection.Name)]
public sealed class AddressAllocationTests(E2EFixture fixture, ITestOutputHelper output)
{
    [SkippableTheory]
    [MemberData(nameof(Drivers.All), MemberType = typeof(Drivers))]
    public void AContainerOnANetworkWithoutASubnetGetsAnAddressInsideTheChosenPool(string driver)
    {
        using var t = TestScope.Begin(fixture, output, driver);
        var network = t.CreateNetwork("auto");
        var subnet = t.NetworkSubnet(network);
        t.Check(IPNetwork.TryParse(subnet, out var pool), $"docker network inspect shows no IPv4 subnet for {network}: '{subnet}'");

        var c = t.StartContainer("c", network);
        var address = t.Eth0Address(c);

        t.Check(pool.Contains(address), $"eth0 address {address} is outside the network's subnet {pool}");
        t.Check(t.ContainerIp(c, network) == address.ToString(), $"docker inspect and eth0 disagree on the address of {c}");
        t.Passed();
    }

    [SkippableTheory]
    [MemberData(nameof(Drivers.All), MemberType = typeof(Drivers))]
    public void AContainerStartedWithIpGetsExactlyThatAddress(string driver)
    {
        using var t = TestScope.Begin(fixture, output, driver);
        var net = t.Net(94);
        var network = t.CreateNetwork("fixed", "--subnet", $"{net}.0/24");

        var c = t.StartContainer("c", network, "--ip", $"{net}.77");

        var address = t.Eth0Address(c);
        t.Check(address.ToString() == $"{net}.77", $"--ip {net}.77 but eth0 has {address}");
        t.Passed();
    }

    [SkippableTheory]
    [MemberData(nameof(Drivers.All), MemberType = typeof(Drivers))]
    public void AnAuxAddressIsNeverHandedOutToAContainer(string driver)
    {
        using var t = TestScope.Begin(fixture, output, driver);
        var net = t.Net(92);
        // A /29 has six host addresses: gateway .1, aux .2, and the three containers must take .3-.5,
        // so sequential allocation would hit .2 if the aux reservation were ignored.
        var network = t.CreateNetwork("aux", "--subnet", $"{net}.0/29", "--aux-address", $"a={net}.2");

        var addresses = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            addresses.Add(t.Eth0Address(t.StartContainer($"c{i}", network)).ToString());
        }

        t.Check(!addresses.Contains($"{net}.2"), $"aux address {net}.2 was handed out: {string.Join(", ", addresses)}");
        t.Check(addresses.Distinct().Count() == 3, $"duplicate addresses: {string.Join(", ", addresses)}");
        t.Passed();
    }

    [SkippableTheory]
    [MemberData(nameof(Drivers.All), MemberType = typeof(Drivers))]
    public void AContainerAddressComesFromTheIpRange(string driver)
    {
        using var t = TestScope.Begin(fixture, output, driver);
        var net = t.Net(93);
        var network = t.CreateNetwork("range", "--subnet", $"{net}.0/24", "--ip-range", $"{net}.128/28");
        var range = IPNetwork.Parse($"{net}.128/28");

        var addresses = new[] { t.StartContainer("c0", network), t.StartContainer("c1", network) }
            .Select(t.Eth0Address)
            .ToList();

        t.Check(addresses.All(range.Contains), $"addresses {string.Join(", ", addresses)} not all inside --ip-range {range}");
        t.Passed();
    }
}

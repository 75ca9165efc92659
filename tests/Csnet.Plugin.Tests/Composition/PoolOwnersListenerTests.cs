using System.Net;
using Csnet.Common.Addressing;
using Csnet.Ipam;
using Csnet.Plugin.Composition;
using Csnet.Plugin.Drivers.Bridge;
using Csnet.Plugin.Drivers.Macvlan;
using Csnet.Plugin.Model;
using Moq;
using Xunit;

namespace Csnet.Plugin.Tests.Composition;

public sealed class PoolOwnersListenerTests
{
    private readonly Mock<IPoolOwners> _owners = new();
    private readonly List<(string Pool, PoolAttachment Attachment)> _attached = [];

    public PoolOwnersListenerTests() =>
        _owners.Setup(o => o.AttachNetwork(It.IsAny<string>(), It.IsAny<PoolAttachment>()))
            .Callback<string, PoolAttachment>((pool, attachment) => _attached.Add((pool, attachment)));

    [Fact]
    public void NetworkCreated_Macvlan_EachPoolProbedOnTheParentWithTheShimReserved()
    {
        new PoolOwnersListener(_owners.Object).NetworkCreated(Network(new MacvlanSettings
        {
            Parent = "eth1",
            ShimName = "cshim0123456789",
            ShimAddresses = [IPAddress.Parse("10.40.1.250")],
        }));

        Assert.Equal(["10.40.1.0/24", "fd5c:40:1::/64"], _attached.Select(a => a.Pool));
        Assert.All(_attached, a => Assert.Equal(("net1", "eth1"), (a.Attachment.NetworkId, a.Attachment.ProbeLink)));
        Assert.All(_attached, a => Assert.Equal([IPAddress.Parse("10.40.1.250")], a.Attachment.Reserved));
    }

    [Fact]
    public void NetworkCreated_MacvlanWithoutProbe_NoProbeLink()
    {
        new PoolOwnersListener(_owners.Object).NetworkCreated(Network(new MacvlanSettings { Parent = "eth1", Probe = false }));

        Assert.All(_attached, a => Assert.Null(a.Attachment.ProbeLink));
    }

    [Fact]
    public void NetworkCreated_Bridge_OnlyTheNetwork()
    {
        new PoolOwnersListener(_owners.Object).NetworkCreated(Network(new BridgeSettings { BridgeName = "csbr-0123456789" }));

        Assert.All(_attached, a => Assert.Equal(new PoolAttachment("net1"), a.Attachment with { Reserved = [] }));
        Assert.All(_attached, a => Assert.Empty(a.Attachment.Reserved));
    }

    private static Network Network(NetworkSettings settings) => new()
    {
        Id = "net1",
        Mode = settings.Mode,
        Settings = settings,
        Subnets =
        [
            new Subnet(IpPrefix.Parse("10.40.1.0/24"), null, new Dictionary<string, IPAddress>()),
            new Subnet(IpPrefix.Parse("fd5c:40:1::/64"), null, new Dictionary<string, IPAddress>()),
        ],
    };
}

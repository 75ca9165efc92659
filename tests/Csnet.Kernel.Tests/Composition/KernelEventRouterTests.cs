using System.Net;
using System.Net.Sockets;
using Csnet.Plugin.Composition;
using Csnet.Plugin.Drivers.Bridge;
using Csnet.Plugin.Drivers.Firewall;
using Csnet.Plugin.Drivers.Reconcile;
using Csnet.Plugin.Kernel.Nftables;
using Csnet.Plugin.Kernel.Rtnl;
using Csnet.Plugin.State;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Xunit;

namespace Csnet.Kernel.Tests.Composition;

/// <summary>The router on a real listener in a throwaway namespace: what the kernel reports reaches the uplinks and the reconciler.</summary>
public sealed class KernelEventRouterTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    [SkippableFact]
    public async Task DefaultRouteMovedAndCsnetBridgeDeletedAreNoticedWithoutPolling()
    {
        using var netns = NetnsFixture.Create();
        netns.AddLinkOrSkip(new VethLink { Name = "up-a", PeerName = "peer-a", IsUp = true });
        netns.AddLinkOrSkip(new VethLink { Name = "up-b", PeerName = "peer-b", IsUp = true });
        netns.Rtnl.AddAddress("up-a", IPAddress.Parse("192.0.2.1"), 24);
        netns.Rtnl.AddAddress("up-b", IPAddress.Parse("198.51.100.1"), 24);
        netns.Shell("ip route add default via 192.0.2.2 dev up-a");
        netns.AddLinkOrSkip(new BridgeLink { Name = "csbr-0123456789", Alias = "csnet:0123456789ab" });
        netns.AddLinkOrSkip(new VethLink { Name = "csv0123456789", PeerName = "csc0123456789", Alias = "csnet:0123456789ab/aaaaaaaaaaaa" });

        var dumps = 0;
        var rtnl = new Mock<IRtnl>();
        rtnl.Setup(r => r.GetDefaultRoutes(It.IsAny<AddressFamily>())).Returns<AddressFamily>(family =>
        {
            Interlocked.Increment(ref dumps);
            return netns.Rtnl.GetDefaultRoutes(family);
        });
        rtnl.Setup(r => r.TryGetLink(It.IsAny<int>())).Returns<int>(index => netns.Rtnl.TryGetLink(index));
        var uplinks = new UplinksFromKernel(rtnl.Object);
        using var woken = new SemaphoreSlim(0);
        var reconcile = new Mock<IReconcileTrigger>();
        reconcile.Setup(r => r.RequestPass()).Callback(() => woken.Release());
        var router = new KernelEventRouter(uplinks, Firewall(uplinks), reconcile.Object,
            () => RtnlEventListener.Open(netns.Namespace), NullLogger<KernelEventRouter>.Instance);

        await router.StartAsync(default);
        try
        {
            // Listening once a second read costs no dump.
            Within(() =>
            {
                uplinks.Names();
                var before = Volatile.Read(ref dumps);
                uplinks.Names();
                return Volatile.Read(ref dumps) == before;
            }, "the router never started listening");
            Assert.Equal(["up-a"], uplinks.Names());

            netns.Shell("ip route replace default via 198.51.100.2 dev up-b");
            Within(() => uplinks.Names().SequenceEqual(["up-b"]), "the moved default route was not noticed");

            netns.Rtnl.TryDeleteLink("csv0123456789");
            netns.Rtnl.TryDeleteLink("csbr-0123456789");
            Assert.True(await woken.WaitAsync(Bound), "deleting the csnet bridge did not wake the reconciler");
            await Task.Delay(200);
            reconcile.Verify(r => r.RequestPass(), Times.Once); // the container's veth did not
        }
        finally
        {
            await router.StopAsync(default).WaitAsync(Bound);
        }
    }

    private static FirewallSync Firewall(IUplinkInterfaces uplinks)
    {
        var networks = new Mock<INetworkStore>();
        networks.Setup(n => n.All()).Returns([]);
        var endpoints = new Mock<IEndpointStore>();
        endpoints.Setup(e => e.WithPorts()).Returns([]);
        var nft = new Mock<IFirewall>();
        nft.Setup(f => f.IsIntact(It.IsAny<IReadOnlyCollection<NetworkRules>>())).Returns(true);
        return new FirewallSync(networks.Object, endpoints.Object, [new BridgeFirewallPolicy(uplinks, NullLogger<BridgeFirewallPolicy>.Instance)],
            nft.Object, TimeProvider.System, NullLogger<FirewallSync>.Instance);
    }

    private static void Within(Func<bool> condition, string failure)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            Thread.Sleep(20);
        }
    }
}

using System.Net;
using System.Net.Sockets;
using Csnet.Common.Addressing;
using Csnet.Plugin.Composition;
using Csnet.Plugin.Drivers.Bridge;
using Csnet.Plugin.Drivers.Firewall;
using Csnet.Plugin.Drivers.Reconcile;
using Csnet.Plugin.Kernel.Nftables;
using Csnet.Plugin.Kernel.Rtnl;
using Csnet.Plugin.Model;
using Csnet.Plugin.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Xunit;

namespace Csnet.Plugin.Tests.Composition;

public sealed class KernelEventRouterTests
{
    private const int Uplink = 3;

    private readonly Mock<IRtnl> _rtnl = new();
    private readonly Mock<INetworkStore> _networks = new();
    private readonly Mock<IReconcileTrigger> _reconcile = new();
    private readonly UplinksFromKernel _uplinks;
    private readonly FirewallSync _firewall;
    private int _opened;

    public KernelEventRouterTests()
    {
        _rtnl.Setup(r => r.GetDefaultRoutes(AddressFamily.InterNetwork)).Returns([new Route(null, 0, IPAddress.Parse("192.0.2.1"), Uplink)]);
        _rtnl.Setup(r => r.GetDefaultRoutes(AddressFamily.InterNetworkV6)).Returns([]);
        _rtnl.Setup(r => r.TryGetLink(Uplink)).Returns(new BridgeLink { Name = "vmbr0", Index = Uplink });
        _uplinks = new UplinksFromKernel(_rtnl.Object);
        // One network, so the firewall's rules ask for the uplinks.
        _networks.Setup(n => n.All()).Returns(() =>
        [
            new Network
            {
                Id = "net1",
                Mode = BridgeDriver.ModeName,
                Subnets = [new Subnet(IpPrefix.Parse("10.90.0.0/24"), IPAddress.Parse("10.90.0.1"), new Dictionary<string, IPAddress>())],
                Settings = new BridgeSettings { BridgeName = "csbr1" },
            },
        ]);
        var endpoints = new Mock<IEndpointStore>();
        endpoints.Setup(e => e.WithPorts()).Returns([]);
        var nft = new Mock<IFirewall>();
        nft.Setup(f => f.IsIntact(It.IsAny<IReadOnlyCollection<NetworkRules>>())).Returns(true);
        _firewall = new FirewallSync(_networks.Object, endpoints.Object,
            [new BridgeFirewallPolicy(_uplinks, NullLogger<BridgeFirewallPolicy>.Instance)],
            nft.Object, new FakeTimeProvider(DateTimeOffset.UtcNow), NullLogger<FirewallSync>.Instance);
    }

    private KernelEventRouter Router(Func<RtnlEventListener> open) =>
        new(_uplinks, _firewall, _reconcile.Object, open, NullLogger<KernelEventRouter>.Instance);

    private KernelEventRouter Router() => Router(() => throw new InvalidOperationException("not in unit tests"));

    // Whether the firewall's next check computes its rules again, asked without disturbing it.
    private bool FirewallRecomputes()
    {
        _networks.Invocations.Clear();
        _firewall.Heal();
        return _networks.Invocations.Count > 0;
    }

    private void DumpsWere(int times) => _rtnl.Verify(r => r.GetDefaultRoutes(AddressFamily.InterNetwork), Times.Exactly(times));

    [Fact]
    public void Handle_DefaultRouteChanged_UplinksReadAgainAndFirewallRecomputed()
    {
        _uplinks.StartListening();
        _firewall.Sync();
        Assert.False(FirewallRecomputes());

        Router().Handle(new DefaultRouteEvent(AddressFamily.InterNetwork, Deleted: true));

        Assert.True(FirewallRecomputes());
        DumpsWere(2);
        _reconcile.Verify(r => r.RequestPass(), Times.Never);
    }

    [Fact]
    public void Handle_ContainerVethComesAndGoes_NothingReadAgain()
    {
        _uplinks.StartListening();
        _firewall.Sync();
        var veth = new VethLink { Name = "csv0123456789", Index = 40, Alias = "csnet:0123456789ab/aaaaaaaaaaaa" };

        Router().Handle(new LinkEvent(veth, Deleted: false));
        Router().Handle(new LinkEvent(veth, Deleted: true));

        Assert.False(FirewallRecomputes());
        DumpsWere(1);
        _reconcile.Verify(r => r.RequestPass(), Times.Never);
    }

    [Fact]
    public void Handle_CsnetBridgeDeleted_AsksForAPass()
    {
        _uplinks.StartListening();
        _firewall.Sync();

        Router().Handle(new LinkEvent(new BridgeLink { Name = "csbr-0123456789", Index = 41, Alias = "csnet:0123456789ab" }, Deleted: true));

        _reconcile.Verify(r => r.RequestPass(), Times.Once);
        Assert.False(FirewallRecomputes());
    }

    [Fact]
    public void Handle_EventsLost_ReadsEverythingAgainAndAsksForAPass()
    {
        _uplinks.StartListening();
        _firewall.Sync();

        Router().Handle(new EventsLostEvent());

        _reconcile.Verify(r => r.RequestPass(), Times.Once);
        Assert.True(FirewallRecomputes());
    }

    [Fact]
    public async Task ExecuteAsync_ListenerCannotOpen_UplinksReadAfreshAndStopIsPrompt()
    {
        using var failed = new SignalingLogger();
        var router = new KernelEventRouter(_uplinks, _firewall, _reconcile.Object, () =>
        {
            Interlocked.Increment(ref _opened);
            throw new InvalidOperationException("no netlink here");
        }, failed);
        _uplinks.StartListening(); // as if an earlier listener had worked
        _uplinks.Names();

        await router.StartAsync(default);
        try
        {
            Assert.True(failed.Logged.Wait(TimeSpan.FromSeconds(10)), "the failure was never logged");
            _uplinks.Names();
            _uplinks.Names();
            DumpsWere(3);
        }
        finally
        {
            var stopping = System.Diagnostics.Stopwatch.StartNew();
            await router.StopAsync(default).WaitAsync(TimeSpan.FromSeconds(10));
            Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(2), $"stopping took {stopping.Elapsed}");
        }
        Assert.Equal(1, _opened); // the retry waits RetryDelay, longer than this test
    }

    // Signals the first error logged (the router logs a listener failure after falling back).
    private sealed class SignalingLogger : ILogger<KernelEventRouter>, IDisposable
    {
        public ManualResetEventSlim Logged { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Error)
                Logged.Set();
        }

        public void Dispose() => Logged.Dispose();
    }
}

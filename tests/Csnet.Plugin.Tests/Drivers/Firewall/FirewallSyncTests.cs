using System.Net;
using Csnet.Common.Addressing;
using Csnet.Plugin.Drivers.Bridge;
using Csnet.Plugin.Drivers.Firewall;
using Csnet.Plugin.Kernel.Nftables;
using Csnet.Plugin.Model;
using Csnet.Plugin.State;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Xunit;

namespace Csnet.Plugin.Tests.Drivers.Firewall;

public sealed class FirewallSyncTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private readonly Mock<INetworkStore> _networks = new();
    private readonly Mock<IEndpointStore> _endpoints = new();
    private readonly Mock<IUplinkInterfaces> _uplinks = new();
    private readonly Mock<IFirewall> _firewall = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly List<IReadOnlyCollection<NetworkRules>> _checked = [];
    private readonly FirewallSync _sync;
    private bool _intact = true;

    public FirewallSyncTests()
    {
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
        _endpoints.Setup(e => e.WithPorts()).Returns([]);
        _uplinks.Setup(u => u.Names()).Returns(["br0"]);
        _firewall.Setup(f => f.IsIntact(It.IsAny<IReadOnlyCollection<NetworkRules>>()))
            .Callback<IReadOnlyCollection<NetworkRules>>(_checked.Add)
            .Returns(() => _intact);
        _sync = new FirewallSync(_networks.Object, _endpoints.Object,
            [new BridgeFirewallPolicy(_uplinks.Object, NullLogger<BridgeFirewallPolicy>.Instance)],
            _firewall.Object, _time, NullLogger<FirewallSync>.Instance);
    }

    private void ReadsWere(int times)
    {
        _networks.Verify(n => n.All(), Times.Exactly(times));
        _endpoints.Verify(e => e.WithPorts(), Times.Exactly(times));
        _uplinks.Verify(u => u.Names(), Times.Exactly(times));
    }

    [Fact]
    public void Heal_NothingChangedSinceSync_ChecksTheKeptSetWithoutReadingStoreOrUplinks()
    {
        _sync.Sync();

        for (var i = 0; i < 10; i++)
        {
            Assert.False(_sync.Heal());
            _time.Advance(TimeSpan.FromMilliseconds(500));
        }

        ReadsWere(1);
        Assert.Equal(10, _checked.Count);
        Assert.All(_checked, rules => Assert.Same(_checked[0], rules));
    }

    [Fact]
    public void Heal_FirstCheckAfterStart_ComputesOnceThenKeeps()
    {
        _sync.Heal();
        _sync.Heal();

        ReadsWere(1);
    }

    [Fact]
    public void Heal_InputsChanged_ComputesAgainOnce()
    {
        _sync.Sync();

        _sync.InputsChanged();
        _sync.Heal();
        _sync.Heal();

        ReadsWere(2);
        Assert.Same(_checked[0], _checked[1]);
    }

    [Fact]
    public void Heal_SetOlderThanRefresh_ComputedAgainAsASafetyNet()
    {
        _sync.Sync();
        _time.Advance(FirewallSync.Refresh - TimeSpan.FromSeconds(1));
        _sync.Heal();
        ReadsWere(1);

        _time.Advance(TimeSpan.FromSeconds(1));
        _sync.Heal();

        ReadsWere(2);
    }

    [Fact]
    public void Sync_EveryCall_ComputesFromTheStore()
    {
        _sync.Sync();
        _sync.Sync();

        ReadsWere(2);
    }

    [Fact]
    public void Sync_ApplyFails_NextHealComputesAgain()
    {
        _sync.Sync();
        _firewall.Setup(f => f.Apply(It.IsAny<IReadOnlyCollection<NetworkRules>>())).Throws(new NftablesException("apply ruleset", "boom"));

        Assert.Throws<NftablesException>(_sync.Sync);
        _sync.Heal();

        ReadsWere(3);
    }

    [Fact]
    public void Heal_NotIntact_AppliesTheKeptSet()
    {
        _sync.Sync();
        _intact = false;

        Assert.True(_sync.Heal());

        _firewall.Verify(f => f.Apply(It.Is<IReadOnlyCollection<NetworkRules>>(r => ReferenceEquals(r, _checked[0]))), Times.Exactly(2));
        ReadsWere(1);
    }

    [Fact]
    public void Heal_IntactAgainWhenRecheckedUnderTheLock_AppliesNothing()
    {
        _sync.Sync();
        var answers = new Queue<bool>([false, true]);
        _firewall.Setup(f => f.IsIntact(It.IsAny<IReadOnlyCollection<NetworkRules>>())).Returns(answers.Dequeue);

        Assert.False(_sync.Heal());

        _firewall.Verify(f => f.Apply(It.IsAny<IReadOnlyCollection<NetworkRules>>()), Times.Once); // the Sync's
    }

    [Fact]
    public async Task Heal_SlowIntactCheck_DoesNotBlockAConcurrentSync()
    {
        _sync.Sync();
        using var checking = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        _firewall.Setup(f => f.IsIntact(It.IsAny<IReadOnlyCollection<NetworkRules>>())).Returns(() =>
        {
            checking.Set();
            release.Wait(Bound);
            return true;
        });

        var heal = Task.Run(_sync.Heal);
        try
        {
            Assert.True(checking.Wait(Bound), "Heal never reached the intact check");
            var sync = Task.Run(_sync.Sync);
            Assert.Same(sync, await Task.WhenAny(sync, Task.Delay(Bound)));
            await sync;
            Assert.False(heal.IsCompleted, "the check should still be running: Sync did not wait for it");
        }
        finally
        {
            release.Set();
        }
        Assert.False(await heal.WaitAsync(Bound));
    }
}

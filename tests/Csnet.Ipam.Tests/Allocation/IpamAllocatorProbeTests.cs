using System.Net;
using Csnet.Ipam.Allocation;
using Csnet.Ipam.State;
using Csnet.Ipam.Tests.Support;

namespace Csnet.Ipam.Tests.Allocation;

/// <summary>Pools of macvlan networks: addresses are asked for on the LAN before they are handed out.</summary>
public class IpamAllocatorProbeTests
{
    private const string NetworkId = "4d4d4d4d4d4d0000000000000000000000000000000000000000000000000001";
    private const string Parent = "eth1";

    [Fact]
    public void RequestAddress_LanHostHoldsTheNextFree_SkipsIt()
    {
        using var ipam = new IpamHarness();
        var pool = ProbedPool(ipam);
        ipam.Lan.Hold("10.90.0.2", "02:00:00:00:00:02");

        Assert.Equal("10.90.0.3/24", ipam.Address(pool.PoolId));
        Assert.Equal(["10.90.0.2", "10.90.0.3"], ipam.Lan.ProbedAddresses);
        Assert.All(ipam.Lan.Probes, p => Assert.Equal(Parent, p.Link));
    }

    [Fact]
    public void RequestAddress_SeenAddress_NotProbedAgainWhileRemembered()
    {
        using var ipam = new IpamHarness();
        var pool = ProbedPool(ipam);
        ipam.Lan.Hold("10.90.0.2", "02:00:00:00:00:02");
        ipam.Address(pool.PoolId);
        ipam.Lan.Leave("10.90.0.2");

        Assert.Equal("10.90.0.4/24", ipam.Address(pool.PoolId));
        Assert.Equal(["10.90.0.2", "10.90.0.3", "10.90.0.4"], ipam.Lan.ProbedAddresses);
    }

    [Fact]
    public void RequestAddress_SeenTimeIsUp_OffersTheAddressAgain()
    {
        using var ipam = new IpamHarness();
        var pool = ProbedPool(ipam);
        ipam.Lan.Hold("10.90.0.2", "02:00:00:00:00:02");
        ipam.Address(pool.PoolId);
        ipam.Lan.Leave("10.90.0.2");

        ipam.Time.Advance(ipam.Options.LanSeenFor);

        Assert.Equal("10.90.0.2/24", ipam.Address(pool.PoolId));
    }

    [Fact]
    public void RequestAddress_ExplicitAddressAnswers_RefusedNamingTheMac()
    {
        using var ipam = new IpamHarness();
        var pool = ProbedPool(ipam);
        ipam.Lan.Hold("10.90.0.7", "02:00:00:00:00:07");

        var error = Assert.Throws<IpamException>(() => ipam.Address(pool.PoolId, "10.90.0.7"));

        Assert.Equal(IpamErrorKind.Conflict, error.Kind);
        Assert.Contains("address 10.90.0.7 is already used on the LAN: a host with MAC 02:00:00:00:00:07 answered for it on eth1", error.Message, StringComparison.Ordinal);
        Assert.Contains("-o csnet.probe=false", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ipam.Store.LoadAddresses(pool.PoolId), a => a.Address == "10.90.0.7");
    }

    [Fact]
    public void RequestAddress_ExplicitAddressSeenBefore_IsAskedAgain()
    {
        using var ipam = new IpamHarness();
        var pool = ProbedPool(ipam);
        ipam.Lan.Hold("10.90.0.2", "02:00:00:00:00:02");
        ipam.Address(pool.PoolId);
        ipam.Lan.Leave("10.90.0.2");

        Assert.Equal("10.90.0.2/24", ipam.Address(pool.PoolId, "10.90.0.2"));
    }

    [Fact]
    public void RequestAddress_Gateway_NeverProbed()
    {
        using var ipam = new IpamHarness();
        var pool = ipam.Pool("10.90.0.0/24");
        ipam.Allocator.AttachNetwork(pool.PoolId, new PoolAttachment(NetworkId) { ProbeLink = Parent });
        ipam.Lan.Hold("10.90.0.1", "02:00:00:00:00:01");

        Assert.Equal("10.90.0.1/24", ipam.Address(pool.PoolId, gateway: true));
        Assert.Empty(ipam.Lan.Probes);
    }

    [Fact]
    public void RequestAddress_PoolWithoutProbeLink_NeverProbes()
    {
        using var ipam = new IpamHarness();
        var pool = ipam.Pool("10.90.0.0/24");
        ipam.Allocator.AttachNetwork(pool.PoolId, NetworkId);
        ipam.Lan.Hold("10.90.0.1", "02:00:00:00:00:01");

        Assert.Equal("10.90.0.1/24", ipam.Address(pool.PoolId));
        Assert.Empty(ipam.Lan.Probes);
    }

    [Fact]
    public void RequestAddress_EveryCandidateAnswers_GivesUpAfterTheBoundNamingThem()
    {
        using var ipam = new IpamHarness();
        var pool = ProbedPool(ipam);
        for (var i = 1; i <= 20; i++)
            ipam.Lan.Hold($"10.90.0.{i}", $"02:00:00:00:00:{i:x2}");

        var error = Assert.Throws<IpamException>(() => ipam.Address(pool.PoolId));

        Assert.Equal(IpamErrorKind.Exhausted, error.Kind);
        Assert.Equal(ipam.Options.MaxProbesPerRequest, ipam.Lan.Probes.Count);
        Assert.Contains("10.90.0.2 (02:00:00:00:00:02)", error.Message, StringComparison.Ordinal);
        Assert.Contains("-o csnet.probe=false", error.Message, StringComparison.Ordinal);
        // The answered ones stay skipped, so each retry goes further: .10-.17 answer too, then .21 is free.
        Assert.Throws<IpamException>(() => ipam.Address(pool.PoolId));
        Assert.Equal("10.90.0.21/24", ipam.Address(pool.PoolId));
    }

    [Fact]
    public void RequestAddress_ProbeFails_AddressHandedOutUnprobed()
    {
        using var ipam = new IpamHarness();
        var pool = ProbedPool(ipam);
        ipam.Lan.During = (_, _) => throw new InvalidOperationException("link went away");

        Assert.Equal("10.90.0.2/24", ipam.Address(pool.PoolId));
    }

    [Fact]
    public void RequestAddress_CancelledDuringTheProbe_CandidateFreedAgain()
    {
        using var ipam = new IpamHarness();
        var pool = ProbedPool(ipam);
        using var cancel = new CancellationTokenSource();
        ipam.Lan.During = (_, token) =>
        {
            cancel.Cancel();
            token.ThrowIfCancellationRequested();
        };

        Assert.ThrowsAny<OperationCanceledException>(() => ipam.Allocator.RequestAddress(pool.PoolId, null, gateway: false, cancel.Token));
        ipam.Lan.During = null;

        Assert.Equal("10.90.0.2/24", ipam.Address(pool.PoolId));
    }

    [Fact]
    public void RequestAddress_ReleaseOfASeenAddress_KeepsItSkipped()
    {
        using var ipam = new IpamHarness();
        var pool = ProbedPool(ipam);
        ipam.Lan.Hold("10.90.0.2", "02:00:00:00:00:02");
        ipam.Address(pool.PoolId);

        ipam.Allocator.ReleaseAddress(pool.PoolId, "10.90.0.2");
        ipam.Lan.Leave("10.90.0.2");

        Assert.Equal("10.90.0.4/24", ipam.Address(pool.PoolId));
    }

    [Fact]
    public void RequestAddress_ParallelRequests_ProbeDifferentCandidatesAtOnce()
    {
        using var ipam = new IpamHarness();
        var pool = ProbedPool(ipam, "10.90.0.0/16");
        using var allInFlight = new Barrier(8);
        ipam.Lan.During = (_, _) => Assert.True(allInFlight.SignalAndWait(TimeSpan.FromSeconds(30)), "probes did not run in parallel");

        var results = new string[8];
        var threads = Enumerable.Range(0, 8).Select(i => new Thread(() => results[i] = ipam.Address(pool.PoolId))).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => Assert.True(t.Join(TimeSpan.FromSeconds(60))));

        Assert.Equal(8, results.Distinct().Count());
        Assert.Equal(8, ipam.Lan.ProbedAddresses.Distinct().Count());
    }

    [Fact]
    public void AttachNetwork_ProbeLink_SurvivesARestart()
    {
        using var ipam = new IpamHarness();
        var pool = ProbedPool(ipam);
        ipam.Lan.Hold("10.90.0.2", "02:00:00:00:00:02");

        var restarted = ipam.NewAllocator();

        Assert.Equal("10.90.0.3/24", restarted.RequestAddress(pool.PoolId, null, gateway: false).Cidr);
        Assert.Equal(Parent, ipam.Store.LoadPools().Single().ProbeLink);
    }

    [Fact]
    public void AttachNetwork_ReservedAddress_NeverHandedOutAndStoredAsReserved()
    {
        using var ipam = new IpamHarness();
        var pool = ipam.Pool("10.90.0.0/29");
        ipam.Allocator.AttachNetwork(pool.PoolId, new PoolAttachment(NetworkId)
        {
            Reserved = [IPAddress.Parse("10.90.0.1"), IPAddress.Parse("fd5c:90::1"), IPAddress.Parse("10.99.0.1")],
        });

        Assert.Equal("10.90.0.2/29", ipam.Address(pool.PoolId));
        Assert.Equal(AddressKind.Reserved, ipam.Store.LoadAddresses(pool.PoolId).Single(a => a.Address == "10.90.0.1").Kind);
        Assert.Throws<IpamException>(() => ipam.Address(pool.PoolId, "10.90.0.1"));
        // The reconciler reclaims held addresses no endpoint has: the network's own must not look like one.
        Assert.DoesNotContain(ipam.Allocator.HeldAddresses(NetworkId), a => a.Address.Equals(IPAddress.Parse("10.90.0.1")));
    }

    [Fact]
    public void AttachNetwork_ReservedAddressIsAlreadyAnAuxAddress_KeptAsItIs()
    {
        using var ipam = new IpamHarness();
        var pool = ipam.Pool("10.90.0.0/24");
        ipam.Address(pool.PoolId, "10.90.0.250");

        ipam.Allocator.AttachNetwork(pool.PoolId, new PoolAttachment(NetworkId) { Reserved = [IPAddress.Parse("10.90.0.250")] });

        Assert.Equal(AddressKind.Explicit, ipam.Store.LoadAddresses(pool.PoolId).Single().Kind);
    }

    /// <summary>As Docker makes it: the pool and its gateway (.1) first, then the driver attaches the network.</summary>
    private static AllocatedPool ProbedPool(IpamHarness ipam, string subnet = "10.90.0.0/24")
    {
        var pool = ipam.Pool(subnet);
        ipam.Address(pool.PoolId, gateway: true);
        ipam.Allocator.AttachNetwork(pool.PoolId, new PoolAttachment(NetworkId) { ProbeLink = Parent });
        return pool;
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Csnet.Plugin.Kernel.Rtnl;
using Xunit;

namespace Csnet.Kernel.Tests.Rtnl;

public sealed class RtnlEventListenerTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    [SkippableFact]
    public void ListenerSeesADefaultRouteAddedAndRemovedButNoPrefixRoute()
    {
        using var netns = NetnsFixture.Create();
        using var events = EventRecorder.Start(netns);
        netns.AddLinkOrSkip(new VethLink { Name = "up-a", PeerName = "peer-a", IsUp = true });
        netns.Rtnl.SetUp("peer-a");
        netns.Rtnl.AddAddress("up-a", IPAddress.Parse("192.0.2.1"), 24); // adds the 192.0.2.0/24 route

        netns.Shell("ip route add default via 192.0.2.2 dev up-a");
        events.WaitFor(e => e == new DefaultRouteEvent(AddressFamily.InterNetwork, Deleted: false));
        netns.Shell("ip route del default");
        events.WaitFor(e => e == new DefaultRouteEvent(AddressFamily.InterNetwork, Deleted: true));

        Assert.Equal(2, events.Seen.OfType<DefaultRouteEvent>().Count());
    }

    [SkippableFact]
    public void ListenerSeesAnIpv6EcmpDefaultRoute()
    {
        using var netns = NetnsFixture.Create();
        using var events = EventRecorder.Start(netns);
        netns.AddLinkOrSkip(new VethLink { Name = "up-a", PeerName = "peer-a", IsUp = true });
        netns.Rtnl.SetUp("peer-a");
        netns.Rtnl.AddAddress("up-a", IPAddress.Parse("fd00:a::1"), 64);

        netns.Shell("ip -6 route add default nexthop via fd00:a::2 dev up-a nexthop via fd00:a::3 dev up-a");

        events.WaitFor(e => e == new DefaultRouteEvent(AddressFamily.InterNetworkV6, Deleted: false));
    }

    [SkippableFact]
    public void DeletedLinkStillCarriesItsOwnershipTag()
    {
        using var netns = NetnsFixture.Create();
        netns.AddLinkOrSkip(new BridgeLink { Name = "csbr-0123456789", Alias = "csnet:0123456789ab" });
        var index = netns.Rtnl.TryGetLink("csbr-0123456789")!.Index;
        using var events = EventRecorder.Start(netns);

        netns.Rtnl.TryDeleteLink("csbr-0123456789");

        var deleted = (LinkEvent)events.WaitFor(e => e is LinkEvent { Deleted: true });
        Assert.Equal((index, "csbr-0123456789", "csnet:0123456789ab", "bridge"), (deleted.Link.Index, deleted.Link.Name, deleted.Link.Alias, deleted.Link.Kind));
    }

    [SkippableFact]
    public void OverflowIsReportedAsLostEventsAndListeningGoesOn()
    {
        using var netns = NetnsFixture.Create();
        // A buffer far too small for what follows, and nobody reading while it happens.
        var listener = RtnlEventListener.Open(netns.Namespace, receiveBufferBytes: 4096);
        try
        {
            for (var i = 0; i < 40; i++)
                netns.AddLinkOrSkip(new BridgeLink { Name = $"flood{i}" });
        }
        catch
        {
            listener.Dispose();
            throw;
        }
        using var events = EventRecorder.Start(listener);

        events.WaitFor(e => e is EventsLostEvent);
        netns.Rtnl.TryDeleteLink("flood0");
        events.WaitFor(e => e is LinkEvent { Deleted: true, Link.Name: "flood0" });
    }

    [SkippableFact]
    public void ListenerStopsWithinABoundWhenCancelled()
    {
        using var netns = NetnsFixture.Create();
        var events = EventRecorder.Start(netns);

        var stopped = System.Diagnostics.Stopwatch.StartNew();
        events.Dispose();

        Assert.True(stopped.Elapsed < TimeSpan.FromSeconds(2), $"stopping took {stopped.Elapsed}");
    }

    /// <summary>A listener in the fixture's namespace, receiving on a thread of its own until disposed.</summary>
    internal sealed class EventRecorder : IDisposable
    {
        private readonly RtnlEventListener _listener;
        private readonly CancellationTokenSource _stop = new();
        private readonly BlockingCollection<RtnlEvent> _events = [];
        private readonly Thread _thread;
        private Exception? _failure;

        private EventRecorder(RtnlEventListener listener)
        {
            _listener = listener;
            _thread = new Thread(() =>
            {
                try
                {
                    _listener.Run(_events.Add, _stop.Token);
                }
                catch (Exception e)
                {
                    _failure = e;
                }
            })
            {
                IsBackground = true,
                Name = "rtnl events test",
            };
            _thread.Start();
        }

        public List<RtnlEvent> Seen { get; } = [];

        /// <summary>Subscribed when this returns: what the test changes afterwards is reported.</summary>
        public static EventRecorder Start(NetnsFixture netns) => Start(RtnlEventListener.Open(netns.Namespace));

        /// <summary>Receives on <paramref name="listener"/>, and disposes it at the end.</summary>
        public static EventRecorder Start(RtnlEventListener listener) => new(listener);

        /// <summary>The first event (after those already seen) that matches, or a failure after a bound.</summary>
        public RtnlEvent WaitFor(Func<RtnlEvent, bool> match)
        {
            var deadline = DateTime.UtcNow + Bound;
            while (DateTime.UtcNow < deadline)
            {
                Assert.Null(_failure);
                if (_events.TryTake(out var next, TimeSpan.FromMilliseconds(100)))
                {
                    Seen.Add(next);
                    if (match(next))
                        return next;
                }
            }
            Assert.Fail($"no matching event within {Bound}; saw {string.Join(", ", Seen)}");
            return null!;
        }

        public void Dispose()
        {
            _stop.Cancel();
            Assert.True(_thread.Join(Bound), "the listener did not stop");
            _listener.Dispose();
            _stop.Dispose();
            _events.Dispose();
        }
    }
}

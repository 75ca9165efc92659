using System.Net;
using Csnet.Ipam;
using Csnet.Plugin.Drivers;
using Csnet.Plugin.Drivers.Reconcile;
using Csnet.Plugin.Kernel.Rtnl;
using Csnet.Plugin.Model;
using Csnet.Plugin.Tests.Drivers.Bridge;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Xunit;
using static Csnet.Plugin.Tests.Drivers.Bridge.BridgeHarness;

namespace Csnet.Plugin.Tests.Drivers.Reconcile;

// Requested passes on the running background loop, with the fake clock moved on by hand.
public sealed partial class ReconcilerTests
{
    [Fact]
    public async Task RequestPass_WhileWaitingForTheTimer_OnePassAfterTheDebounceNotAfterTheInterval()
    {
        var passes = 0;
        _docker.Setup(d => d.ReadAsync(It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .Callback(() => Interlocked.Increment(ref passes))
            .ReturnsAsync(() => _view);
        var controller = new NetworkController([_h.Driver], _h.State.Networks, _h.State.Endpoints, new NetworkLocks());
        using var reconciler = new Reconciler(controller, _h.State.Networks, _h.State.Endpoints, _h.Kernel, _ipam.Object, _docker.Object,
            _h.State.Journal, new ReconcileOptions { Interval = TimeSpan.FromHours(1) }, _time, NullLogger<Reconciler>.Instance);

        await reconciler.StartAsync(default);
        try
        {
            await Until(() => passes == 1, TimeSpan.Zero);               // at start
            await Until(() => passes == 2, TimeSpan.FromSeconds(1));     // the short second pass
            var asked = _time.GetUtcNow();
            reconciler.RequestPass();
            reconciler.RequestPass();

            await Until(() => passes == 3, TimeSpan.FromMilliseconds(50));

            Assert.InRange(_time.GetUtcNow() - asked, Reconciler.Debounce, TimeSpan.FromSeconds(1));
            _time.Advance(TimeSpan.FromSeconds(5));
            await Task.Delay(100);
            Assert.Equal(3, passes); // both requests, one pass
        }
        finally
        {
            await reconciler.StopAsync(default);
        }
    }

    [Fact]
    public async Task RequestPass_DuringAPass_AnsweredByOneMorePass()
    {
        var passes = 0;
        Reconciler? reconciler = null;
        _docker.Setup(d => d.ReadAsync(It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .Callback(() =>
            {
                if (Interlocked.Increment(ref passes) == 3)
                    reconciler!.RequestPass(); // a bridge deleted while the requested pass runs
            })
            .ReturnsAsync(() => _view);
        var controller = new NetworkController([_h.Driver], _h.State.Networks, _h.State.Endpoints, new NetworkLocks());
        reconciler = new Reconciler(controller, _h.State.Networks, _h.State.Endpoints, _h.Kernel, _ipam.Object, _docker.Object,
            _h.State.Journal, new ReconcileOptions { Interval = TimeSpan.FromHours(1) }, _time, NullLogger<Reconciler>.Instance);

        await reconciler.StartAsync(default);
        try
        {
            await Until(() => passes == 2, TimeSpan.FromSeconds(1));
            reconciler.RequestPass();

            await Until(() => passes == 4, TimeSpan.FromMilliseconds(50));

            _time.Advance(TimeSpan.FromSeconds(5));
            await Task.Delay(100);
            Assert.Equal(4, passes);
        }
        finally
        {
            await reconciler.StopAsync(default);
            reconciler.Dispose();
        }
    }

    [Fact]
    public async Task RequestPass_NoRequests_PassesKeepToTheInterval()
    {
        var passes = 0;
        _docker.Setup(d => d.ReadAsync(It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .Callback(() => Interlocked.Increment(ref passes))
            .ReturnsAsync(() => _view);
        var controller = new NetworkController([_h.Driver], _h.State.Networks, _h.State.Endpoints, new NetworkLocks());
        using var reconciler = new Reconciler(controller, _h.State.Networks, _h.State.Endpoints, _h.Kernel, _ipam.Object, _docker.Object,
            _h.State.Journal, new ReconcileOptions { Interval = TimeSpan.FromSeconds(30) }, _time, NullLogger<Reconciler>.Instance);

        await reconciler.StartAsync(default);
        try
        {
            await Until(() => passes == 2, TimeSpan.FromSeconds(1)); // at start, and 10 s later
            await Task.Delay(100); // the pass ends and the timer starts
            _time.Advance(TimeSpan.FromSeconds(29));
            await Task.Delay(100);
            Assert.Equal(2, passes);

            await Until(() => passes == 3, TimeSpan.FromSeconds(1));
        }
        finally
        {
            await reconciler.StopAsync(default);
        }
    }

    // Waits (bounded, in real time) for the background loop, moving the fake clock on by step each round.
    private async Task Until(Func<bool> condition, TimeSpan step)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the reconcile loop did not get there in time");
            if (step > TimeSpan.Zero)
                _time.Advance(step);
            await Task.Delay(10);
        }
    }
}

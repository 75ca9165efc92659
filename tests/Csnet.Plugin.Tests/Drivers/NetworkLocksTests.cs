using Csnet.Plugin.Drivers;
using Xunit;

namespace Csnet.Plugin.Tests.Drivers;

public sealed class NetworkLocksTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(150);
    private readonly NetworkLocks _locks = new();

    [Fact]
    public async Task EndpointCallsOfOneNetworkHoldTheGateTogether()
    {
        using var first = await _locks.AcquireSharedAsync("n1", CancellationToken.None);
        var second = _locks.AcquireSharedAsync("n1", CancellationToken.None);

        Assert.True(await Completes(second));
        (await second).Dispose();
    }

    [Fact]
    public async Task NetworkWorkWaitsForEndpointCallsAndKeepsNewOnesOut()
    {
        var shared = await _locks.AcquireSharedAsync("n1", CancellationToken.None);
        var exclusive = _locks.AcquireAsync("n1", CancellationToken.None);
        Assert.False(await Completes(exclusive));

        // A start that comes after the waiting delete queues behind it.
        var later = _locks.AcquireSharedAsync("n1", CancellationToken.None);
        Assert.False(await Completes(later));

        shared.Dispose();
        Assert.True(await Completes(exclusive));
        Assert.False(await Completes(later));
        (await exclusive).Dispose();
        Assert.True(await Completes(later));
        (await later).Dispose();
    }

    [Fact]
    public async Task OtherNetworksAreNeverHeldUp()
    {
        using var exclusive = await _locks.AcquireAsync("n1", CancellationToken.None);

        Assert.True(await Completes(_locks.AcquireAsync("n2", CancellationToken.None)));
        Assert.True(await Completes(_locks.AcquireSharedAsync("n3", CancellationToken.None)));
    }

    [Fact]
    public async Task AWaiterThatGivesUpLeavesTheGateUsable()
    {
        var shared = await _locks.AcquireSharedAsync("n1", CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var exclusive = _locks.AcquireAsync("n1", cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => exclusive);

        Assert.True(await Completes(_locks.AcquireSharedAsync("n1", CancellationToken.None)));
        shared.Dispose();
    }

    [Fact]
    public async Task ReleasingTwiceReleasesOnce()
    {
        var exclusive = await _locks.AcquireAsync("n1", CancellationToken.None);
        exclusive.Dispose();
        exclusive.Dispose();

        using var again = await _locks.AcquireAsync("n1", CancellationToken.None);
        Assert.False(await Completes(_locks.AcquireAsync("n1", CancellationToken.None)));
    }

    private static async Task<bool> Completes(Task task) => await Task.WhenAny(task, Task.Delay(Short)) == task;
}

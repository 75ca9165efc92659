using Csnet.Common.Addressing;
using Csnet.Ipam.Allocation;

namespace Csnet.Ipam.Tests.Allocation;

public class FreeRangeSetTests
{
    [Fact]
    public void TryTakeLowest_Fresh_ReturnsAscending()
    {
        var set = new FreeRangeSet(new AddressRange(10, 12));

        Assert.True(set.TryTakeLowest(out var a));
        Assert.True(set.TryTakeLowest(out var b));
        Assert.True(set.TryTakeLowest(out var c));
        Assert.False(set.TryTakeLowest(out _));
        Assert.Equal([10, 11, 12], new[] { a, b, c });
    }

    [Fact]
    public void TryTake_Middle_SplitsInterval()
    {
        var set = new FreeRangeSet(new AddressRange(1, 100));

        Assert.True(set.TryTake(50));

        Assert.Equal(2, set.IntervalCount);
        Assert.False(set.IsFree(50));
        Assert.True(set.IsFree(49));
        Assert.True(set.IsFree(51));
    }

    [Fact]
    public void TryTake_AlreadyTakenOrOutside_ReturnsFalse()
    {
        var set = new FreeRangeSet(new AddressRange(1, 100));
        set.TryTake(7);

        Assert.False(set.TryTake(7));
        Assert.False(set.TryTake(0));
        Assert.False(set.TryTake(101));
    }

    [Fact]
    public void Release_BetweenTwoFreeIntervals_MergesIntoOne()
    {
        var set = new FreeRangeSet(new AddressRange(1, 100));
        set.TryTake(50);

        Assert.True(set.Release(50));

        Assert.Equal(1, set.IntervalCount);
        Assert.True(set.TryTakeLowest(out var lowest));
        Assert.Equal((UInt128)1, lowest);
    }

    [Fact]
    public void Release_AtRangeEdges_MergesWithoutUnderflow()
    {
        var set = new FreeRangeSet(new AddressRange(0, UInt128.MaxValue));
        set.TryTake(0);
        set.TryTake(UInt128.MaxValue);

        Assert.True(set.Release(0));
        Assert.True(set.Release(UInt128.MaxValue));
        Assert.Equal(1, set.IntervalCount);
    }

    [Fact]
    public void Release_FreeOrOutside_ReturnsFalse()
    {
        var set = new FreeRangeSet(new AddressRange(1, 10));

        Assert.False(set.Release(5));
        Assert.False(set.Release(11));
    }

    [Fact]
    public void TryTakeLowest_AfterRelease_ReusesLowestHole()
    {
        var set = new FreeRangeSet(new AddressRange(1, 10));
        for (var i = 0; i < 5; i++)
        {
            set.TryTakeLowest(out _);
        }

        set.Release(3);

        Assert.True(set.TryTakeLowest(out var reused));
        Assert.Equal((UInt128)3, reused);
        Assert.True(set.TryTakeLowest(out var next));
        Assert.Equal((UInt128)6, next);
    }

    [Fact]
    public void TryTakeLowest_WholeIPv6Slash64_IsOneInterval()
    {
        var start = (UInt128)0x20010db8_00000000 << 64;
        var set = new FreeRangeSet(new AddressRange(start + 1, start + ulong.MaxValue));

        Assert.True(set.TryTakeLowest(out var first));
        Assert.Equal(start + 1, first);
        Assert.Equal(1, set.IntervalCount);
    }

    [Fact]
    public void Operations_RandomSequence_MatchReferenceModel()
    {
        var random = new Random(1234);
        var set = new FreeRangeSet(new AddressRange(100, 400));
        var used = new HashSet<UInt128>();
        for (var step = 0; step < 5000; step++)
        {
            var raw = random.Next(90, 410);
            var address = (UInt128)raw;
            var inRange = raw is >= 100 and <= 400;
            switch (random.Next(3))
            {
                case 0:
                    Assert.Equal(inRange && !used.Contains(address), set.TryTake(address));
                    if (inRange)
                    {
                        used.Add(address);
                    }

                    break;
                case 1:
                    Assert.Equal(used.Remove(address), set.Release(address));
                    break;
                default:
                    var expected = Enumerable.Range(100, 301).Select(i => (UInt128)i).Where(a => !used.Contains(a)).ToList();
                    Assert.Equal(expected.Count > 0, set.TryTakeLowest(out var lowest));
                    if (expected.Count > 0)
                    {
                        Assert.Equal(expected[0], lowest);
                        used.Add(lowest);
                    }

                    break;
            }
        }
    }
}

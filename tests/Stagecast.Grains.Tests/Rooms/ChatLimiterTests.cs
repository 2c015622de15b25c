using Stagecast.Contracts.Rooms;
using Stagecast.Grains.Rooms;

namespace Stagecast.Grains.Tests.Rooms;

public sealed class ChatLimiterTests
{
    [Fact]
    public void Comments_allow_a_burst_of_five_then_one_per_second()
    {
        var limiter = new ChatLimiter();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(RoomResult.Ok, limiter.TryComment("u", false, 0, 1000));
        }
        Assert.Equal(RoomResult.RateLimited, limiter.TryComment("u", false, 0, 1000));
        Assert.Equal(RoomResult.RateLimited, limiter.TryComment("u", false, 0, 1999));
        Assert.Equal(RoomResult.Ok, limiter.TryComment("u", false, 0, 2000));
        Assert.Equal(RoomResult.Ok, limiter.TryComment("someone-else", false, 0, 2000));
    }

    [Fact]
    public void Slow_mode_holds_viewers_but_not_the_privileged()
    {
        var limiter = new ChatLimiter();
        Assert.Equal(RoomResult.Ok, limiter.TryComment("u", false, 10, 0));
        Assert.Equal(RoomResult.RateLimited, limiter.TryComment("u", false, 10, 9_999));
        Assert.Equal(RoomResult.Ok, limiter.TryComment("u", false, 10, 10_000));
        Assert.Equal(RoomResult.Ok, limiter.TryComment("m", true, 10, 0));
        Assert.Equal(RoomResult.Ok, limiter.TryComment("m", true, 10, 1));
    }

    [Fact]
    public void Likes_allow_a_burst_of_ten_then_five_per_second()
    {
        var limiter = new ChatLimiter();
        for (var i = 0; i < 10; i++)
        {
            Assert.True(limiter.TryLike("u", 0));
        }
        Assert.False(limiter.TryLike("u", 0));
        Assert.False(limiter.TryLike("u", 199));
        Assert.True(limiter.TryLike("u", 200));
    }

    [Fact]
    public void Sweep_forgets_full_buckets_and_keeps_slow_mode_times_while_slow_mode_is_on()
    {
        var limiter = new ChatLimiter();
        limiter.TryComment("u", false, 10, 0);
        limiter.TryLike("u", 0);
        Assert.Equal(3, limiter.Tracked);

        limiter.Sweep(100, 10);
        Assert.Equal(3, limiter.Tracked);
        limiter.Sweep(60_000, 10);
        Assert.Equal(1, limiter.Tracked);
        Assert.Equal(RoomResult.Ok, limiter.TryComment("u", false, 10, 60_000));
        limiter.Sweep(200_000, 0);
        Assert.Equal(0, limiter.Tracked);
    }
}

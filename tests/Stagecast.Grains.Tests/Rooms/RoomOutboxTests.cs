using Stagecast.Contracts.Rooms;
using Stagecast.Grains.Rooms;
using static Stagecast.Grains.Tests.Rooms.RoomFixtures;

namespace Stagecast.Grains.Tests.Rooms;

public sealed class RoomOutboxTests
{
    private static readonly IReadOnlyList<TopGifter> Board = [new("a", "A", 5)];

    [Fact]
    public void Nothing_new_is_no_batch_and_a_taken_batch_empties_the_outbox()
    {
        var outbox = new RoomOutbox();
        Assert.NotNull(outbox.Take("r", 1_000, 0, 0, () => Board)); // first counters
        Assert.Null(outbox.Take("r", 2_000, 0, 0, () => throw new InvalidOperationException("not asked")));

        outbox.Add(new RoomComment(1, Viewer, "V", "hi", 2_000));
        outbox.Deleted(7);
        var batch = outbox.Take("r", 2_010, 0, 0, () => throw new InvalidOperationException("not asked"))!;
        Assert.Equal((1, 7L, (long?)null), (batch.Comments.Count, batch.DeletedComments.Single(), batch.Likes));
        Assert.Null(batch.TopGifters);
        Assert.Null(outbox.Take("r", 2_020, 0, 0, () => Board));
    }

    [Fact]
    public void A_gift_brings_the_leaderboard_along()
    {
        var outbox = new RoomOutbox();
        outbox.Take("r", 1_000, 0, 0, () => Board);
        outbox.Add(Gift("a", "rose", 5, 1_000) with { Combo = 1 });
        var batch = outbox.Take("r", 1_001, 0, 0, () => Board)!;
        Assert.Single(batch.Gifts);
        Assert.Same(Board, batch.TopGifters);
    }

    [Fact]
    public void Counters_go_out_as_their_latest_value_at_most_every_250_ms()
    {
        var outbox = new RoomOutbox();
        var first = outbox.Take("r", 1_000, 10, 3, () => Board)!;
        Assert.Equal((10L, 3), (first.Likes, first.Viewers));
        Assert.Null(outbox.Take("r", 1_100, 20, 4, () => Board));
        var next = outbox.Take("r", 1_250, 30, 3, () => Board)!;
        Assert.Equal((30L, (int?)null), (next.Likes, next.Viewers));
    }

    [Fact]
    public void The_end_goes_out_at_once_with_its_counters()
    {
        var outbox = new RoomOutbox();
        outbox.Take("r", 1_000, 10, 3, () => Board);
        outbox.Ended();
        var batch = outbox.Take("r", 1_001, 11, 0, () => Board)!;
        Assert.Equal((true, 11L, 0), (batch.Ended, batch.Likes, batch.Viewers));
        Assert.Null(outbox.Take("r", 1_002, 11, 0, () => Board));
    }
}

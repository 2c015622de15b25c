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
        outbox.Ended(RoomEndReason.StreamLost);
        var batch = outbox.Take("r", 1_001, 11, 0, () => Board)!;
        Assert.Equal((true, RoomEndReason.StreamLost, 11L, 0), (batch.Ended, batch.EndReason, batch.Likes, batch.Viewers));
        Assert.Null(outbox.Take("r", 1_002, 11, 0, () => Board));
    }

    [Fact]
    public void A_small_room_gets_every_gift_event()
    {
        var outbox = new RoomOutbox();
        outbox.Take("r", 1_000, 0, 0, () => Board);
        for (var i = 0; i < 40; i++)
        {
            outbox.Add(Gift($"u{i % 5}", "rose", 1, 1_000 + i));
        }
        var batch = outbox.Take("r", 1_050, 0, new LargeRoomOptions().Viewers - 1, () => Board)!;
        Assert.Equal(40, batch.Gifts.Count);
        Assert.Null(batch.MoreGifts);
    }

    [Fact]
    public void A_large_rooms_batch_merges_repeats_keeps_the_biggest_gifts_and_sums_the_rest()
    {
        var outbox = new RoomOutbox();
        outbox.Take("r", 1_000, 0, 0, () => Board);
        var sent = new List<GiftEvent>();
        // 30 senders of 1-coin roses, each sending twice, and three big gifts among them.
        for (var i = 0; i < 60; i++)
        {
            sent.Add(Gift($"u{i % 30}", "rose", 1, 1_000 + i));
        }
        sent.Insert(10, Gift("whale", "lion", 29_999, 1_010, streakable: false));
        sent.Insert(40, Gift("fan", "rocket", 20_000, 1_040, streakable: false));
        sent.Insert(50, Gift("fan2", "rocket", 20_000, 1_050, streakable: false, count: 2) with { Coins = 40_000 });
        foreach (var gift in sent)
        {
            outbox.Add(gift);
        }
        var batch = outbox.Take("r", 1_300, 0, 5_000, () => Board)!;

        Assert.Equal(new LargeRoomOptions().GiftEventsPerBatch, batch.Gifts.Count);
        // The big gifts are kept, in the order they came, before any rose.
        Assert.Equal(["lion", "rocket", "rocket"], batch.Gifts.Where(g => g.GiftId != "rose").Select(g => g.GiftId));
        Assert.Equal(["whale", "fan", "fan2"], batch.Gifts.Where(g => g.Coins >= 20_000).Select(g => g.UserId));
        // A sender's two roses became one event of 2 (count and coins summed, the later request id).
        var roses = batch.Gifts.Where(g => g.GiftId == "rose").ToList();
        Assert.All(roses, r => Assert.Equal((2, 2L), (r.Count, r.Coins)));
        Assert.All(roses, r => Assert.Equal(sent.Last(g => g.UserId == r.UserId).RequestId, r.RequestId));
        // Nothing lost or counted twice: kept events and the summary hold every gift and coin of the window.
        var more = Assert.IsType<GiftSummary>(batch.MoreGifts);
        Assert.Equal(sent.Sum(g => g.Count), batch.Gifts.Sum(g => g.Count) + more.Gifts);
        Assert.Equal(sent.Sum(g => g.Coins), batch.Gifts.Sum(g => g.Coins) + more.Coins);
        Assert.Null(outbox.Take("r", 1_301, 0, 5_000, () => Board)?.MoreGifts);
    }

    [Fact]
    public void A_large_room_that_only_repeats_gifts_loses_no_event_to_the_summary()
    {
        var outbox = new RoomOutbox();
        outbox.Take("r", 1_000, 0, 0, () => Board);
        for (var i = 0; i < 100; i++)
        {
            outbox.Add(Gift($"u{i % 4}", "rose", 1, 1_000 + i));
        }
        var batch = outbox.Take("r", 1_300, 0, 5_000, () => Board)!;
        Assert.Equal(4, batch.Gifts.Count);
        Assert.All(batch.Gifts, g => Assert.Equal(25, g.Count));
        Assert.Null(batch.MoreGifts);
    }

    [Fact]
    public void A_large_rooms_leaderboard_goes_out_at_most_once_a_second_and_with_the_end()
    {
        var outbox = new RoomOutbox();
        outbox.Take("r", 1_000, 0, 0, () => Board);
        outbox.Add(Gift("a", "rose", 1, 1_000));
        Assert.Same(Board, outbox.Take("r", 1_250, 0, 5_000, () => Board)!.TopGifters);
        outbox.Add(Gift("b", "rose", 1, 1_300));
        Assert.Null(outbox.Take("r", 1_500, 0, 5_000, () => throw new InvalidOperationException("not due"))!.TopGifters);
        // No new gift, but the held-back change goes out once its second is up.
        Assert.Null(outbox.Take("r", 2_000, 0, 5_000, () => throw new InvalidOperationException("not due")));
        Assert.Same(Board, outbox.Take("r", 2_250, 0, 5_000, () => Board)!.TopGifters);
        outbox.Add(Gift("c", "rose", 1, 2_300));
        outbox.Ended(RoomEndReason.Host);
        Assert.Same(Board, outbox.Take("r", 2_400, 0, 5_000, () => Board)!.TopGifters);
    }
    [Fact]
    public void The_large_room_settings_move_the_threshold_the_cap_and_the_leaderboard_interval()
    {
        var outbox = new RoomOutbox(new LargeRoomOptions { Viewers = 2, GiftEventsPerBatch = 1, LeaderboardInterval = TimeSpan.FromSeconds(5) });
        outbox.Take("r", 1_000, 0, 0, () => Board);
        outbox.Add(Gift("a", "rose", 1, 1_000));
        outbox.Add(Gift("b", "finger-heart", 5, 1_001));
        outbox.Add(Gift("c", "rose", 1, 1_002));
        // One viewer: small, every event and the leaderboard.
        var small = outbox.Take("r", 1_050, 0, 1, () => Board)!;
        Assert.Equal(3, small.Gifts.Count);
        Assert.Null(small.MoreGifts);
        outbox.Add(Gift("a", "rose", 1, 1_100));
        outbox.Add(Gift("b", "finger-heart", 5, 1_101));
        outbox.Add(Gift("c", "rose", 1, 1_102));
        // Two viewers: large, one event (the biggest) and the rest summed; the board waits its five seconds.
        var large = outbox.Take("r", 1_150, 0, 2, () => throw new InvalidOperationException("not due"))!;
        Assert.Equal("finger-heart", Assert.Single(large.Gifts).GiftId);
        Assert.Equal(new GiftSummary(2, 2), large.MoreGifts);
        Assert.Null(large.TopGifters);
        Assert.Same(Board, outbox.Take("r", 6_050, 0, 2, () => Board)!.TopGifters);
    }
}

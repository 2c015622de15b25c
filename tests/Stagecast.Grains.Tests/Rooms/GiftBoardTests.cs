using Stagecast.Contracts.Rooms;
using Stagecast.Grains.Rooms;
using static Stagecast.Grains.Tests.Rooms.RoomFixtures;

namespace Stagecast.Grains.Tests.Rooms;

public sealed class GiftBoardTests
{
    [Fact]
    public void Same_streakable_gift_within_the_window_adds_to_the_combo()
    {
        var room = LiveRoom();
        var board = new GiftBoard();
        Assert.Equal(1, board.Record(room, Gift("a", "rose", 1, 0))!.Combo);
        Assert.Equal(4, board.Record(room, Gift("a", "rose", 3, 5_000, count: 3))!.Combo);
        Assert.Equal(1, board.Record(room, Gift("a", "rose", 1, 10_001))!.Combo);
        Assert.Equal(1, board.Record(room, Gift("a", "heart", 1, 10_002))!.Combo);
        Assert.Equal(1, board.Record(room, Gift("b", "heart", 1, 10_003))!.Combo);
    }

    [Fact]
    public void A_gift_that_is_not_streakable_is_a_combo_of_one_and_keeps_the_streak()
    {
        var room = LiveRoom();
        var board = new GiftBoard();
        board.Record(room, Gift("a", "rose", 1, 0));
        Assert.Equal(1, board.Record(room, Gift("a", "lion", 500, 100, streakable: false, count: 2))!.Combo);
        Assert.Equal(2, board.Record(room, Gift("a", "rose", 1, 200))!.Combo);
    }

    [Fact]
    public void A_repeated_request_is_counted_once_and_an_unknown_room_counts_nothing()
    {
        var room = LiveRoom();
        var board = new GiftBoard();
        var gift = Gift("a", "rose", 7, 0);
        Assert.NotNull(board.Record(room, gift));
        Assert.Null(board.Record(room, gift));
        Assert.Equal(7, room.Gifters["a"].Coins);
        Assert.Null(board.Record(new LiveRoomState(), Gift("a", "rose", 1, 0)));
    }

    [Fact]
    public void Top_gifters_are_ranked_by_coins_then_user_id_and_capped()
    {
        var room = LiveRoom();
        var board = new GiftBoard();
        for (var i = 0; i < 12; i++)
        {
            board.Record(room, Gift($"u{i:00}", "rose", 10 + i, i));
        }
        board.Record(room, Gift("u00", "rose", 100, 50));
        board.Record(room, Gift("aa", "rose", 21, 60));

        var top = GiftBoard.TopGifters(room);
        Assert.Equal(RoomRules.TopGifterCount, top.Count);
        Assert.Equal(("u00", 110L), (top[0].UserId, top[0].Coins));
        Assert.Equal(["aa", "u11"], top.Skip(1).Take(2).Select(g => g.UserId));
        Assert.DoesNotContain(top, g => g.UserId is "u02" or "u03");
    }
}

using Stagecast.Contracts.Rooms;

namespace Stagecast.Grains.Rooms;

/// <summary>
/// The room's gift board: drops repeated publishes by request id, counts combos of streakable gifts per sender
/// (same gift within <see cref="RoomRules.GiftStreakWindow"/>), and keeps the top-gifter totals in the room's state.
/// Streaks live in memory only.
/// </summary>
internal sealed class GiftBoard
{
    private const int RememberedRequests = 512;
    private readonly Dictionary<string, GiftStreak> _streaks = [];

    /// <summary>Counts the gift; returns it with its combo, or null when the room is unknown or the request was seen.</summary>
    public GiftEvent? Record(LiveRoomState room, GiftEvent gift)
    {
        if (room.Status == RoomStatus.Unknown || room.RecentGiftRequests.Contains(gift.RequestId))
        {
            return null;
        }
        room.RecentGiftRequests.Add(gift.RequestId);
        if (room.RecentGiftRequests.Count > RememberedRequests)
        {
            room.RecentGiftRequests.RemoveAt(0);
        }
        var at = gift.At.ToUnixTimeMilliseconds();
        var combo = 1;
        if (gift.Streakable)
        {
            combo = _streaks.TryGetValue(gift.UserId, out var streak) && streak.GiftId == gift.GiftId
                && at - streak.LastAt <= RoomRules.GiftStreakWindow.TotalMilliseconds
                ? streak.Combo + gift.Count
                : gift.Count;
            _streaks[gift.UserId] = new GiftStreak(gift.GiftId, at, combo);
        }
        var total = room.Gifters.TryGetValue(gift.UserId, out var before) ? before.Coins : 0;
        room.Gifters[gift.UserId] = new TopGifter(gift.UserId, gift.DisplayName, total + gift.Coins);
        return gift with { Combo = combo };
    }

    /// <summary>The top gifters by coins, ties by user id.</summary>
    public static IReadOnlyList<TopGifter> TopGifters(LiveRoomState room) => room.Gifters.Values
        .OrderByDescending(g => g.Coins).ThenBy(g => g.UserId, StringComparer.Ordinal)
        .Take(RoomRules.TopGifterCount).ToArray();
}

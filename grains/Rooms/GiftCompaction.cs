using Stagecast.Contracts.Rooms;

namespace Stagecast.Grains.Rooms;

/// <summary>
/// Fits a window's gift events into a large room's batch (<see cref="LargeRoomOptions.GiftEventLimit"/>): first repeats of
/// one gift by one sender become one event (counts and coins summed; combo, request id, time and badge of the latest),
/// then, if there are still too many, the biggest by coins are kept (the latest first among equals), in the order they
/// came, and the rest are summed into a <see cref="GiftSummary"/>. Nothing is counted twice or lost: the events kept and
/// the summary together hold every gift and coin of the window.
/// </summary>
internal static class GiftCompaction
{
    public static (IReadOnlyList<GiftEvent> Gifts, GiftSummary? More) Compact(IReadOnlyList<GiftEvent> gifts, int limit)
    {
        if (gifts.Count <= limit)
        {
            return (gifts.ToArray(), null);
        }
        var merged = new List<GiftEvent>(gifts.Count);
        var index = new Dictionary<(string User, string Gift), int>();
        foreach (var gift in gifts)
        {
            if (index.TryGetValue((gift.UserId, gift.GiftId), out var at))
            {
                var earlier = merged[at];
                merged[at] = gift with { Count = earlier.Count + gift.Count, Coins = earlier.Coins + gift.Coins };
            }
            else
            {
                index[(gift.UserId, gift.GiftId)] = merged.Count;
                merged.Add(gift);
            }
        }
        if (merged.Count <= limit)
        {
            return (merged, null);
        }
        var kept = Enumerable.Range(0, merged.Count)
            .OrderByDescending(i => merged[i].Coins).ThenByDescending(i => i)
            .Take(limit).Order().ToArray();
        var keptSet = new HashSet<int>(kept);
        var (count, coins) = (0, 0L);
        for (var i = 0; i < merged.Count; i++)
        {
            if (!keptSet.Contains(i))
            {
                count += merged[i].Count;
                coins += merged[i].Coins;
            }
        }
        return (kept.Select(i => merged[i]).ToArray(), new GiftSummary(count, coins));
    }
}

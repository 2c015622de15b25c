namespace Stagecast.Grains.Rooms;

/// <summary>
/// When a room counts as large and what its batches then leave out (docs/rooms.md, "Gifts in large rooms"). Each gift
/// event goes to every viewer: at 1,000 gifts a second into a 5,000-viewer room that was 125 events per batch, four
/// batches a second, to each of 5,000 viewers (docs/BENCHMARKS.md, "LIVE Match score"), more than a viewer can read or
/// a gateway can send. A large room's batch merges repeats of one gift by one sender and keeps the biggest gifts; the
/// rest travel as a summary. Money and scores never change with these settings, only which gifts get their own event.
/// </summary>
public sealed class LargeRoomOptions
{
    public const string Section = "Stagecast:Rooms:LargeRoom";

    /// <summary>From this many viewers on, a room is large.</summary>
    public int Viewers { get; set; } = 200;

    /// <summary>Gift events one batch of a large room carries; the rest are summed into one <c>moreGifts</c> event.</summary>
    public int GiftEventsPerBatch { get; set; } = 8;

    /// <summary>How often a large room's changed leaderboard goes out (a small room's goes with every batch).</summary>
    public TimeSpan LeaderboardInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>What start-up checks once (the silo does not start otherwise), so the uses below need no clamping.</summary>
    public const string Rule = Section + ": Viewers and GiftEventsPerBatch must be at least 1 and LeaderboardInterval not negative.";

    public bool IsValid() => Viewers >= 1 && GiftEventsPerBatch >= 1 && LeaderboardInterval >= TimeSpan.Zero;

    /// <summary>The most gift events a batch may carry for this audience (no limit below <see cref="Viewers"/>).</summary>
    public int GiftEventLimit(int viewers) => viewers >= Viewers ? GiftEventsPerBatch : int.MaxValue;

    /// <summary>Milliseconds between leaderboard updates for this audience: with every batch in a small room.</summary>
    public long LeaderboardIntervalMs(int viewers) => viewers >= Viewers ? (long)LeaderboardInterval.TotalMilliseconds : 0;
}

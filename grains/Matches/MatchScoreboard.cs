using Stagecast.Contracts.Matches;
using Stagecast.Contracts.Rooms;
using Stagecast.Grains.Privacy;

namespace Stagecast.Grains.Matches;

/// <summary>
/// Turns the ledger's gift facts into the two sides of a match: coins in the window, the final stretch counted
/// <see cref="MatchState.StretchMultiplier"/> times, and the top three gifters with their display names.
/// A live read adds the gifts older than <paramref name="settleMs"/> to per-side totals it keeps and rereads only the
/// newer ones from the ledger, so its cost follows the gift rate, not the match's length; an exact read (the final
/// score) reads the whole window. Kept totals live in memory: a restarted grain rebuilds them from the ledger on its
/// first read.
/// </summary>
internal sealed class MatchScoreboard(IRoomGiftFacts facts, Func<string, Task<string>> displayName, long settleMs)
{
    public const int MvpCount = 3;

    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SettledTotals> _settled = new(StringComparer.Ordinal);

    /// <summary>Both sides before the match started: no score yet.</summary>
    public static MatchSide[] Empty(MatchState match) =>
        match.RoomIds.Select((room, i) => new MatchSide(room, match.HostIds[i], 0, [])).ToArray();

    /// <summary>
    /// Both sides counting gifts booked from the start up to (not including) <paramref name="until"/>: with
    /// <paramref name="exact"/> one read of the whole window, otherwise the kept totals plus the gifts not yet settled.
    /// </summary>
    public async Task<MatchSide[]> ReadAsync(MatchState match, DateTimeOffset until, bool exact = false)
    {
        if (match.StartedAt is not { } started || match.EndsAt is not { } ends)
        {
            return Empty(match);
        }
        var from = started.ToUnixTimeMilliseconds();
        var to = Math.Min(until.ToUnixTimeMilliseconds(), ends.ToUnixTimeMilliseconds());
        var stretch = ends.ToUnixTimeMilliseconds() - match.StretchSeconds * 1000L;
        var sides = new MatchSide[match.RoomIds.Length];
        for (var i = 0; i < sides.Length; i++)
        {
            var totals = exact
                ? await facts.TotalsAsync(match.RoomIds[i], from, to, stretch)
                : await LiveTotalsAsync(match.RoomIds[i], from, to, stretch, until.ToUnixTimeMilliseconds());
            var score = totals.Sum(t => t.Coins + (match.StretchMultiplier - 1) * t.StretchCoins);
            var mvps = new List<TopGifter>();
            foreach (var top in totals.OrderByDescending(t => t.Coins).ThenBy(t => t.SenderId, StringComparer.Ordinal).Take(MvpCount))
            {
                mvps.Add(new TopGifter(top.SenderId, await NameAsync(top.SenderId), top.Coins));
            }
            sides[i] = new MatchSide(match.RoomIds[i], match.HostIds[i], score, mvps);
        }
        return sides;
    }

    /// <summary>
    /// The room's kept totals, first moved on to <paramref name="nowMs"/> - settleMs, plus a read of the gifts since. A
    /// gift whose fact became visible only after its time had settled (a ledger batch that took longer than settleMs to
    /// commit) is missing from live reads and counted by the exact final one.
    /// </summary>
    private async Task<IReadOnlyList<RoomGiftTotal>> LiveTotalsAsync(string roomId, long from, long to, long stretch, long nowMs)
    {
        if (!_settled.TryGetValue(roomId, out var kept) || kept.From != from)
        {
            _settled[roomId] = kept = new SettledTotals(from);
        }
        var settleTo = Math.Max(kept.To, Math.Min(nowMs - settleMs, to));
        if (settleTo > kept.To)
        {
            kept.Add(await facts.TotalsAsync(roomId, kept.To, settleTo, stretch));
            kept.To = settleTo;
        }
        var recent = kept.To < to ? await facts.TotalsAsync(roomId, kept.To, to, stretch) : [];
        return kept.With(recent);
    }

    /// <summary>The side with <paramref name="userId"/>'s MVP row under the deleted account's pseudonym, coins kept.</summary>
    public static MatchSide Rename(MatchSide side, string userId, string pseudonym) => side with
    {
        HostId = side.HostId == userId ? pseudonym : side.HostId,
        Mvps = side.Mvps.Select(m => m.UserId == userId ? Pseudonyms.Rename(m, pseudonym) : m).ToArray(),
    };

    /// <summary>True when the scores or MVPs differ (what viewers would see change).</summary>
    public static bool Changed(MatchSide[]? before, MatchSide[] after) =>
        before is null || before.Length != after.Length || before.Zip(after).Any(p =>
            p.First.Score != p.Second.Score || !p.First.Mvps.SequenceEqual(p.Second.Mvps));

    private async Task<string> NameAsync(string userId)
    {
        if (!_names.TryGetValue(userId, out var name))
        {
            // A deleted gifter's ledger rows carry its tombstone id: it reads "Deleted user", as on the room's board.
            name = Pseudonyms.IsTombstone(userId)
                ? Pseudonyms.DisplayName
                : await displayName(userId);
            _names[userId] = name;
        }
        return name;
    }

    /// <summary>One room's settled gifts in a match: per sender, the coins from <see cref="From"/> up to <see cref="To"/>.</summary>
    private sealed class SettledTotals(long from)
    {
        private readonly Dictionary<string, (long Coins, long Stretch)> _senders = new(StringComparer.Ordinal);

        public long From { get; } = from;

        public long To { get; set; } = from;

        public void Add(IEnumerable<RoomGiftTotal> totals) => Merge(_senders, totals);

        /// <summary>The kept totals with <paramref name="recent"/> added (the kept ones unchanged).</summary>
        public IReadOnlyList<RoomGiftTotal> With(IReadOnlyList<RoomGiftTotal> recent)
        {
            var all = new Dictionary<string, (long Coins, long Stretch)>(_senders, StringComparer.Ordinal);
            Merge(all, recent);
            return all.Select(p => new RoomGiftTotal(p.Key, p.Value.Coins, p.Value.Stretch)).ToList();
        }

        private static void Merge(Dictionary<string, (long Coins, long Stretch)> into, IEnumerable<RoomGiftTotal> totals)
        {
            foreach (var t in totals)
            {
                var (coins, stretch) = into.GetValueOrDefault(t.SenderId);
                into[t.SenderId] = (coins + t.Coins, stretch + t.StretchCoins);
            }
        }
    }
}

using Stagecast.Contracts.Accounts;
using Stagecast.Contracts.Matches;
using Stagecast.Contracts.Rooms;
using Stagecast.Grains.Privacy;

namespace Stagecast.Grains.Matches;

/// <summary>
/// Turns the ledger's gift facts into the two sides of a match: coins in the window, the final stretch counted
/// <see cref="MatchState.StretchMultiplier"/> times, and the top three gifters with their display names.
/// </summary>
internal sealed class MatchScoreboard(RoomGiftFacts facts, IGrainFactory grains)
{
    public const int MvpCount = 3;

    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);

    /// <summary>Both sides before the match started: no score yet.</summary>
    public static MatchSide[] Empty(MatchState match) =>
        match.RoomIds.Select((room, i) => new MatchSide(room, match.HostIds[i], 0, [])).ToArray();

    /// <summary>Both sides counting gifts booked from the start up to (not including) <paramref name="until"/>.</summary>
    public async Task<MatchSide[]> ReadAsync(MatchState match, DateTimeOffset until)
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
            var totals = await facts.TotalsAsync(match.RoomIds[i], from, to, stretch);
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
                : (await grains.GetGrain<IUserGrain>(userId).GetProfile())?.DisplayName ?? userId;
            _names[userId] = name;
        }
        return name;
    }
}

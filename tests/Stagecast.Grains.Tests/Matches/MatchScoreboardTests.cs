using Stagecast.Contracts.Matches;
using Stagecast.Contracts.Rooms;
using Stagecast.Grains.Matches;

namespace Stagecast.Grains.Tests.Matches;

/// <summary>
/// The match's scoreboard over gift facts kept in memory: a live read rereads only the gifts of the last settle window
/// (its cost follows the gift rate, not the match's length), kept and recent totals add up to the same scores and MVPs
/// as one read of the whole window, and the final (exact) read counts a gift whose fact landed after its time settled.
/// </summary>
public sealed class MatchScoreboardTests
{
    private static readonly DateTimeOffset T0 = MatchStates.T0;
    private const long Settle = 5_000;

    private static MatchState Running(int stretchMultiplier = 1)
    {
        var invited = MatchStates.Invited(300, new MatchOptions { FinalStretchSeconds = 30, FinalStretchMultiplier = stretchMultiplier });
        return MatchTransitions.Started(invited, T0);
    }

    private static MatchScoreboard Board(FakeFacts facts) => new(facts, id => Task.FromResult($"name of {id}"), Settle);

    [Fact]
    public async Task A_live_read_rereads_only_the_last_settle_window_once_the_rest_is_kept()
    {
        var facts = new FakeFacts();
        var match = Running();
        // Four minutes of gifts, one a second into r1 and one every two seconds into r2.
        for (int s = 0; s < 240; s++)
        {
            facts.Gift("r1", $"u{s % 7}", 5, T0.AddSeconds(s));
            if (s % 2 == 0) facts.Gift("r2", $"v{s % 3}", 3, T0.AddSeconds(s));
        }
        var board = Board(facts);
        var now = T0.AddSeconds(240);
        var first = await board.ReadAsync(match, now);
        Assert.Equal([1200L, 360L], first.Select(side => side.Score));

        // A quarter of a second later: only that quarter is settled, and only the last five seconds are read again.
        facts.Queries.Clear();
        facts.Gift("r1", "u1", 100, now);
        var later = await board.ReadAsync(match, now.AddMilliseconds(250));
        Assert.Equal([1300L, 360L], later.Select(side => side.Score));
        var from = now.AddMilliseconds(250 - Settle).ToUnixTimeMilliseconds();
        Assert.All(facts.Queries, q => Assert.True(q.FromMs >= from - 250, $"a live read went back to {q.FromMs - T0.ToUnixTimeMilliseconds()} ms"));
        Assert.Equal(4, facts.Queries.Count); // per room: the quarter that settled, and the window since

        // The exact read covers the whole window and agrees.
        facts.Queries.Clear();
        var exact = await board.ReadAsync(match, now.AddMilliseconds(250), exact: true);
        Assert.Equal(later.Select(side => side.Score), exact.Select(side => side.Score));
        Assert.All(facts.Queries, q => Assert.Equal(T0.ToUnixTimeMilliseconds(), q.FromMs));
    }

    [Fact]
    public async Task Kept_and_recent_totals_give_the_same_mvps_and_stretch_as_one_full_read()
    {
        var facts = new FakeFacts();
        var match = Running(stretchMultiplier: 3);
        var board = Board(facts);
        var rng = new Random(7);
        // Gifts arrive while the board is read every 250 ms, through the final stretch (the last 30 s of 300).
        for (int ms = 0; ms < 300_000; ms += 250)
        {
            var at = T0.AddMilliseconds(ms);
            facts.Gift(rng.Next(2) == 0 ? "r1" : "r2", $"u{rng.Next(5)}", rng.Next(1, 50), at);
            var live = await board.ReadAsync(match, at.AddMilliseconds(1));
            if (ms % 20_000 == 0 || ms > 295_000)
            {
                var full = await Board(facts).ReadAsync(match, at.AddMilliseconds(1), exact: true);
                Assert.Equal(full.Select(s => s.Score), live.Select(s => s.Score));
                Assert.Equal(full.Select(s => string.Join(",", s.Mvps.Select(m => $"{m.UserId}:{m.Coins}"))),
                    live.Select(s => string.Join(",", s.Mvps.Select(m => $"{m.UserId}:{m.Coins}"))));
            }
        }
        var final = await board.ReadAsync(match, T0.AddSeconds(301), exact: true);
        Assert.Equal(facts.Expected(match, 3), final.Select(s => s.Score));
    }

    [Fact]
    public async Task A_fact_that_lands_after_its_time_settled_is_missed_live_and_counted_in_the_final_read()
    {
        var facts = new FakeFacts();
        var match = Running();
        var board = Board(facts);
        facts.Gift("r1", "u1", 10, T0.AddSeconds(10));
        Assert.Equal(10, (await board.ReadAsync(match, T0.AddSeconds(60)))[0].Score);

        // A ledger batch that took longer than the settle window to commit: its gift's time is long settled.
        facts.Gift("r1", "u2", 7, T0.AddSeconds(20));
        Assert.Equal(10, (await board.ReadAsync(match, T0.AddSeconds(61)))[0].Score);
        Assert.Equal(17, (await board.ReadAsync(match, T0.AddSeconds(61), exact: true))[0].Score);

        // A restarted grain (a new board) rebuilds its kept totals from the facts.
        Assert.Equal(17, (await Board(facts).ReadAsync(match, T0.AddSeconds(62)))[0].Score);
    }

    private sealed class FakeFacts : IRoomGiftFacts
    {
        private readonly List<(string Room, string Sender, long Coins, long AtMs)> _gifts = [];

        public List<(string Room, long FromMs, long ToMs)> Queries { get; } = [];

        public void Gift(string room, string sender, long coins, DateTimeOffset at) => _gifts.Add((room, sender, coins, at.ToUnixTimeMilliseconds()));

        public long[] Expected(MatchState match, int multiplier)
        {
            var stretch = match.EndsAt!.Value.ToUnixTimeMilliseconds() - match.StretchSeconds * 1000L;
            return match.RoomIds.Select(room => _gifts.Where(g => g.Room == room && g.AtMs < match.EndsAt!.Value.ToUnixTimeMilliseconds())
                .Sum(g => g.AtMs >= stretch ? g.Coins * multiplier : g.Coins)).ToArray();
        }

        public Task<IReadOnlyList<RoomGiftTotal>> TotalsAsync(string roomId, long fromMs, long toMs, long stretchFromMs)
        {
            Queries.Add((roomId, fromMs, toMs));
            IReadOnlyList<RoomGiftTotal> totals = _gifts.Where(g => g.Room == roomId && g.AtMs >= fromMs && g.AtMs < toMs)
                .GroupBy(g => g.Sender)
                .Select(g => new RoomGiftTotal(g.Key, g.Sum(x => x.Coins), g.Where(x => x.AtMs >= stretchFromMs).Sum(x => x.Coins)))
                .ToList();
            return Task.FromResult(totals);
        }
    }
}

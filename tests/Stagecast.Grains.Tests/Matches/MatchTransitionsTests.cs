using Stagecast.Contracts.Matches;
using Stagecast.Contracts.Rooms;
using Stagecast.Grains.Matches;

namespace Stagecast.Grains.Tests.Matches;

public sealed class MatchTransitionsTests
{
    private static readonly DateTimeOffset T0 = MatchStates.T0;

    private static MatchState Invited(MatchOptions? options = null) =>
        MatchStates.Invited(60, options ?? new MatchOptions { InviteSeconds = 30, FinalStretchSeconds = 10, FinalStretchMultiplier = 0 });

    [Fact]
    public void An_invitation_records_both_sides_and_expires_after_its_invite_window()
    {
        var s = Invited();
        Assert.Equal((MatchStatus.Invited, "r2", "h2", 60), (s.Status, s.RoomIds[1], s.HostIds[1], s.DurationSeconds));
        Assert.Equal((30, 10, 1), (s.InviteSeconds, s.StretchSeconds, s.StretchMultiplier)); // a multiplier below 1 counts as 1
        Assert.False(MatchTransitions.InviteExpired(s, T0.AddSeconds(29)));
        Assert.True(MatchTransitions.InviteExpired(s, T0.AddSeconds(30)));
        Assert.Equal(T0.AddSeconds(30), MatchTransitions.View("m", s, []).InviteExpiresAt);
    }

    [Fact]
    public void A_started_match_runs_for_its_duration_and_is_over_only_after_the_settle_time_or_a_forfeit()
    {
        var running = MatchTransitions.Started(Invited(), T0.AddSeconds(5));
        Assert.Equal((MatchStatus.Running, T0.AddSeconds(65)), (running.Status, running.EndsAt));
        Assert.False(MatchTransitions.InviteExpired(running, T0.AddHours(1)));
        Assert.False(MatchTransitions.Over(running, null, T0.AddSeconds(65)));
        Assert.True(MatchTransitions.Over(running, null, T0.AddSeconds(65) + MatchRules.SettleTime));
        Assert.True(MatchTransitions.Over(running, "r2", T0.AddSeconds(6)));
        Assert.Null(MatchTransitions.View("m", running, []).InviteExpiresAt);
    }

    [Theory]
    [InlineData(0, 250)]
    [InlineData(40, 210)]
    [InlineData(249, 1)]
    [InlineData(250, 0)]
    [InlineData(900, 0)]
    public void The_next_score_tick_is_due_an_interval_after_the_last_one_started(int spentMs, int dueMs)
    {
        // Orleans counts the period from a tick's end; the match asks for the rest of the interval instead, so the
        // score goes out 4 times a second however long the read took (at once after a tick that ran over).
        var every = TimeSpan.FromMilliseconds(250);
        Assert.Equal(TimeSpan.FromMilliseconds(dueMs), MatchRules.UntilNextTick(every, TimeSpan.FromMilliseconds(spentMs)));
    }

    [Fact]
    public void Closing_keeps_the_final_sides_and_result_for_the_view()
    {
        MatchSide[] sides = [new("r1", "h1", 10, []), new("r2", "h2", 3, [])];
        var closed = MatchTransitions.Closed(Invited(), MatchStatus.Ended, sides, new MatchResult("r1", "time"), T0.AddMinutes(2));
        var view = MatchTransitions.View("m", closed, closed.FinalSides!);
        Assert.Equal((MatchStatus.Ended, "r1", 10L), (view.Status, view.Result!.WinnerRoomId, view.Sides[0].Score));
        Assert.Equal(T0.AddMinutes(2), closed.EndedAt);
    }
}

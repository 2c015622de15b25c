using Stagecast.Contracts.Rooms;
using Stagecast.Grains.Rooms;

namespace Stagecast.Grains.Tests.Rooms;

public sealed class GatewayLeasesTests
{
    private sealed class Observer(bool fail) : IRoomObserver
    {
        public List<RoomBatch> Batches { get; } = [];

        public Task OnBatch(RoomBatch batch)
        {
            if (fail)
            {
                throw new InvalidOperationException("gateway gone");
            }
            Batches.Add(batch);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public void Viewers_are_summed_over_live_leases_and_a_silent_gateway_expires()
    {
        var leases = new GatewayLeases();
        leases.Report("g1", new Observer(false), 10, 0);
        leases.Report("g2", new Observer(false), 5, 10_000);
        Assert.Equal(15, leases.Viewers());
        Assert.Empty(leases.Expire(14_999));
        Assert.Equal(["g1"], leases.Expire(15_000));
        Assert.Equal(5, leases.Viewers());
        leases.Report("g2", new Observer(false), 0, 11_000);
        Assert.Equal(0, leases.Count);
    }

    [Fact]
    public void The_hosts_own_connections_keep_the_lease_but_are_not_viewers()
    {
        var leases = new GatewayLeases();
        var studio = new Observer(false);
        leases.Report("g1", studio, 1, 0, hostConnections: 1); // the studio alone
        leases.Report("g2", new Observer(false), 4, 0, hostConnections: 1); // the host's second tab and 3 viewers
        Assert.Equal(3, leases.Viewers());
        Assert.Equal(2, leases.Count);
        Assert.True(leases.HostConnected(1));

        leases.Send(new RoomBatch("r", 0, [], [], [], [], 1, 3, null, false), (_, _) => { });
        Assert.Single(studio.Batches);
    }

    [Fact]
    public void A_failing_gateway_is_reported_and_the_others_still_get_the_batch()
    {
        var leases = new GatewayLeases();
        var good = new Observer(false);
        leases.Report("bad", new Observer(true), 1, 0);
        leases.Report("good", good, 1, 0);
        var failed = new List<string>();
        var batch = new RoomBatch("r", 0, [], [], [], [], 1, null, null, false);

        leases.Send(batch, (gatewayId, _) => failed.Add(gatewayId));

        Assert.Equal(["bad"], failed);
        Assert.Same(batch, Assert.Single(good.Batches));
    }

    [Theory]
    [InlineData(0, 50)]
    [InlineData(1_000, 50)]
    [InlineData(4_000, 200)]
    [InlineData(10_000, 500)]
    [InlineData(100_000, 500)]
    public void The_batch_window_grows_with_the_audience(int viewers, int windowMs) =>
        Assert.Equal(windowMs, RoomSchedule.BatchWindowMs(viewers));

    [Fact]
    public void A_waiting_match_score_goes_out_after_the_short_gap_instead_of_the_rooms_window()
    {
        var schedule = new RoomSchedule();
        schedule.Flushed(1_000);
        // 5,000 viewers: a 250 ms window. Without a score nothing is due before it.
        Assert.False(schedule.FlushDue(1_060, 5_000));
        Assert.False(schedule.FlushDue(1_000 + RoomSchedule.MatchGapMs - 1, 5_000, scoreWaiting: true));
        Assert.True(schedule.FlushDue(1_000 + RoomSchedule.MatchGapMs, 5_000, scoreWaiting: true));
        Assert.True(schedule.FlushDue(1_250, 5_000));
    }

    [Theory]
    [InlineData(20, 250)]
    [InlineData(110, 250)]
    [InlineData(240, 250)]
    [InlineData(110, 280)]
    [InlineData(20, 300)]
    [InlineData(240, 350)]
    public void Batches_follow_the_match_scores_so_a_score_waits_at_most_the_gap_and_no_batch_is_added(long phaseMs, long periodMs)
    {
        // 5,000 viewers (a 250 ms window); a score every periodMs (the match timer's 250 ms plus its own time), the first
        // phaseMs after the room's last batch; a tick every 25 ms; something else (gifts) is always waiting too.
        var schedule = new RoomSchedule();
        schedule.Flushed(0);
        var waits = new List<long>();
        var batches = 0;
        var nextScore = phaseMs;
        long? waitingSince = null;
        const long run = 20_000;
        for (long now = 0; now <= run; now += RoomSchedule.TickMs)
        {
            for (; nextScore <= now; nextScore += periodMs)
            {
                waitingSince ??= nextScore;
            }
            if (schedule.FlushDue(now, 5_000, waitingSince is not null))
            {
                schedule.Flushed(now, waitingSince is not null);
                batches++;
                if (waitingSince is { } since)
                {
                    waits.Add(now - since);
                    waitingSince = null;
                }
            }
        }
        // Every score waited at most the gap (before: until the window's end, up to 250 ms), and there were no more
        // batches than scores or windows, whichever is more (a window batch just before each score would nearly double them).
        Assert.InRange(waits.Count, run / periodMs - 1, run / periodMs + 1);
        Assert.All(waits, w => Assert.InRange(w, 0, RoomSchedule.MatchGapMs));
        Assert.InRange(batches, waits.Count - 1, Math.Max(waits.Count, run / 250) + 2);
    }
}

using Microsoft.Extensions.Logging.Abstractions;
using Stagecast.Contracts.Rooms;
using Stagecast.Grains.Rooms;
using static Stagecast.Grains.Tests.Rooms.RoomFixtures;

namespace Stagecast.Grains.Tests.Rooms;

public sealed class RoomFanoutTests
{
    private sealed class Observer : IRoomObserver
    {
        public List<RoomBatch> Batches { get; } = [];

        public Task OnBatch(RoomBatch batch)
        {
            Batches.Add(batch);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public void A_gateway_reporting_to_an_ended_room_is_dropped_and_counts_no_viewers()
    {
        var fanout = new RoomFanout("r", NullLogger.Instance);
        var gateway = new Observer();
        Assert.Equal(RoomStatus.Live, fanout.Report("g1", gateway, 12, RoomStatus.Live, 0));
        Assert.Equal(12, fanout.Viewers);
        Assert.Equal(RoomStatus.Ended, fanout.Report("g1", gateway, 12, RoomStatus.Ended, 10));
        Assert.Equal(0, fanout.Viewers);
    }

    [Fact]
    public void Ending_sends_one_last_batch_with_the_pending_events_and_nothing_after_it()
    {
        var fanout = new RoomFanout("r", NullLogger.Instance);
        var gateway = new Observer();
        fanout.Report("g1", gateway, 3, RoomStatus.Live, 0);
        fanout.Announce(new ModerationChange(RoomResult.Ok, Notice: new ModerationNotice("ban", Other, null, null, 5), DeletedComment: 9));

        fanout.End(LiveRoom(), 10);
        var last = Assert.Single(gateway.Batches);
        Assert.True(last.Ended);
        Assert.Equal((9L, "ban"), (last.DeletedComments.Single(), last.Moderation.Single().Action));

        fanout.Outbox.Add(new RoomComment(1, Viewer, "V", "late", 20));
        fanout.FlushIfDue(LiveRoom(), 10_000);
        Assert.Single(gateway.Batches);
        Assert.Equal(0, fanout.Viewers);
    }

    [Fact]
    public void A_batch_goes_out_once_its_window_has_passed()
    {
        var fanout = new RoomFanout("r", NullLogger.Instance);
        var gateway = new Observer();
        fanout.Report("g1", gateway, 1, RoomStatus.Live, 0);
        fanout.FlushIfDue(LiveRoom(), 1_000); // first counters
        gateway.Batches.Clear();

        fanout.Outbox.Add(new RoomComment(1, Viewer, "V", "hi", 1_010));
        fanout.FlushIfDue(LiveRoom(), 1_010);
        Assert.Empty(gateway.Batches); // the 50 ms window has not passed
        fanout.FlushIfDue(LiveRoom(), 1_050);
        Assert.Single(Assert.Single(gateway.Batches).Comments);
    }

    [Fact]
    public void A_live_room_is_listed_when_its_viewer_count_moved_and_not_again_until_it_moves()
    {
        var fanout = new RoomFanout("r", NullLogger.Instance);
        var room = LiveRoom();
        fanout.Report("g1", new Observer(), 4, RoomStatus.Live, 0);
        var listing = fanout.ListingIfDue(room, 10_000);
        Assert.Equal(("r", 4), (listing!.RoomId, listing.Viewers));
        Assert.Null(fanout.ListingIfDue(room, 20_000));
        fanout.Report("g1", new Observer(), 5, RoomStatus.Live, 20_000);
        Assert.Null(fanout.ListingIfDue(room with { Status = RoomStatus.Created }, 30_000));
        Assert.Equal(5, fanout.ListingIfDue(room, 30_000)!.Viewers);
    }
}

using Stagecast.Contracts.Rooms;
using Stagecast.Grains.Rooms;
using static Stagecast.Grains.Tests.Rooms.RoomFixtures;

namespace Stagecast.Grains.Tests.Rooms;

public sealed class RoomTransitionsTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(1_000_000);

    [Fact]
    public void A_created_room_goes_live_once_and_the_host_going_live_again_changes_nothing()
    {
        var opened = RoomTransitions.Opened("r1", Host, "Host", "t", T0);
        Assert.Equal((RoomStatus.Created, T0), (opened.Status, opened.CreatedAt));
        Assert.StartsWith("r1", opened.StreamKey, StringComparison.Ordinal);

        var live = RoomTransitions.GoLive(opened, byMedia: false, T0.AddSeconds(5), out var wentLive);
        Assert.True(wentLive);
        Assert.Equal((RoomStatus.Live, T0.AddSeconds(5), false), (live.Status, live.StartedAt, live.MediaActive));

        var again = RoomTransitions.GoLive(live, byMedia: false, T0.AddSeconds(9), out wentLive);
        Assert.False(wentLive);
        Assert.Same(live, again);
    }

    [Fact]
    public void Media_lost_while_live_starts_the_reconnect_grace_and_media_back_ends_it()
    {
        var live = RoomTransitions.GoLive(LiveRoom(), byMedia: true, T0, out var wentLive);
        Assert.False(wentLive);
        Assert.True(live.MediaActive);

        var lost = RoomTransitions.MediaEnded(live, T0.AddSeconds(3))!;
        Assert.Equal((false, T0.AddSeconds(3), T0.AddSeconds(3)), (lost.MediaActive, lost.MediaLostAt, lost.LastActivityAt));
        Assert.True(RoomTransitions.Reconnecting(lost));
        Assert.True(RoomTransitions.Info("r", lost, 0).Reconnecting);
        Assert.Null(RoomTransitions.MediaEnded(lost, T0.AddSeconds(4))); // no media, nothing to end

        var back = RoomTransitions.GoLive(lost, byMedia: true, T0.AddSeconds(6), out _);
        Assert.Equal((true, (DateTimeOffset?)null), (back.MediaActive, back.MediaLostAt));
        Assert.False(RoomTransitions.Reconnecting(back));
    }

    [Fact]
    public void Media_lost_before_going_live_is_no_grace_and_an_ended_room_forgets_its_media()
    {
        var created = RoomTransitions.GoLive(LiveRoom() with { Status = RoomStatus.Created }, byMedia: true, T0, out _);
        var beforeLive = RoomTransitions.MediaEnded(created with { Status = RoomStatus.Created }, T0)!;
        Assert.Null(beforeLive.MediaLostAt);

        var ended = RoomTransitions.Ended(RoomTransitions.MediaEnded(created, T0)!, T0.AddMinutes(1), RoomEndReason.StreamLost);
        Assert.Equal((RoomStatus.Ended, T0.AddMinutes(1), (DateTimeOffset?)null, RoomEndReason.StreamLost),
            (ended.Status, ended.EndedAt, ended.MediaLostAt, ended.EndReason));
        Assert.Equal(RoomEndReason.StreamLost, RoomTransitions.Info("r", ended, 0).EndReason);
        Assert.False(RoomTransitions.Reconnecting(ended));
    }

    [Fact]
    public void Join_answers_the_room_unless_it_is_unknown_ended_or_the_viewer_banned()
    {
        var room = LiveRoom();
        room.Banned.Add(Other);
        room.Comments.Add(new RoomComment(1, Viewer, "V", "hi", 0));

        var joined = RoomTransitions.Join("r", room, Viewer, 7);
        Assert.Equal((RoomResult.Ok, 7, 1), (joined.Result, joined.Info!.Viewers, joined.Comments.Count));
        Assert.Equal(RoomResult.Ok, RoomTransitions.Join("r", room, null, 0).Result);
        Assert.Equal(RoomResult.Banned, RoomTransitions.Join("r", room, Other, 0).Result);
        Assert.Equal(RoomResult.RoomEnded, RoomTransitions.Join("r", room with { Status = RoomStatus.Ended }, Viewer, 0).Result);
        Assert.Null(RoomTransitions.Join("r", new LiveRoomState(), Viewer, 0).Info);
    }

    [Fact]
    public void A_stream_key_is_accepted_only_while_the_room_is_created_or_live()
    {
        var room = RoomTransitions.Opened("r1", Host, "Host", "t", T0);
        Assert.True(RoomTransitions.AcceptsStreamKey(room, room.StreamKey));
        Assert.False(RoomTransitions.AcceptsStreamKey(room, room.StreamKey + "x"));
        Assert.False(RoomTransitions.AcceptsStreamKey(RoomTransitions.Ended(room, T0, RoomEndReason.Host), room.StreamKey));
    }
}

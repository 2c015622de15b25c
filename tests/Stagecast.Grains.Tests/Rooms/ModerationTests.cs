using Stagecast.Contracts.Rooms;
using Stagecast.Grains.Rooms;
using static Stagecast.Grains.Tests.Rooms.RoomFixtures;

namespace Stagecast.Grains.Tests.Rooms;

public sealed class ModerationTests
{
    [Fact]
    public void Nobody_acts_on_the_host_and_only_the_host_acts_on_a_moderator()
    {
        var room = LiveRoom();
        room.Moderators.Add(Other);
        Assert.Equal(RoomResult.Ok, ModerationPolicy.CanModerate(room, Moderator, Viewer));
        Assert.Equal(RoomResult.NotAllowed, ModerationPolicy.CanModerate(room, Moderator, Host));
        Assert.Equal(RoomResult.NotAllowed, ModerationPolicy.CanModerate(room, Moderator, Other));
        Assert.Equal(RoomResult.Ok, ModerationPolicy.CanModerate(room, Host, Other));
        Assert.Equal(RoomResult.NotAllowed, ModerationPolicy.CanModerate(room, Viewer, Other));
        Assert.Equal(RoomResult.InvalidArgument, ModerationPolicy.CanModerate(room, Moderator, Moderator));
        Assert.Equal(RoomResult.RoomEnded, ModerationPolicy.CanModerate(room with { Status = RoomStatus.Ended }, Host, Viewer));
    }

    [Fact]
    public void Muted_and_banned_users_may_not_speak_until_the_mute_runs_out()
    {
        var room = LiveRoom();
        var change = RoomModerator.Mute(room, Moderator, Viewer, TimeSpan.FromSeconds(30), 1_000);
        Assert.Equal(new ModerationChange(RoomResult.Ok, true, Notice: new("mute", Viewer, 31_000, 30, 1_000)), change);
        Assert.Equal(RoomResult.Muted, ModerationPolicy.CanSpeak(room, Viewer, false, 30_999));
        Assert.Equal(RoomResult.Ok, ModerationPolicy.CanSpeak(room, Viewer, false, 31_000));

        Assert.True(RoomModerator.Ban(room, Host, Other, true, 2_000).Changed);
        Assert.False(RoomModerator.Ban(room, Host, Other, true, 2_001).Changed);
        Assert.Equal(RoomResult.Banned, ModerationPolicy.CanSpeak(room, Other, false, 2_002));
        Assert.Equal(RoomResult.Banned, ModerationPolicy.CanLike(room, Other, 1));
    }

    [Fact]
    public void Subscriber_only_chat_admits_subscribers_the_host_and_moderators_and_is_announced_once()
    {
        var room = LiveRoom();
        Assert.Equal(RoomResult.NotAllowed, RoomModerator.SetSubscribersOnly(room, Viewer, true, 0).Result);
        var on = RoomModerator.SetSubscribersOnly(room, Moderator, true, 1_000);
        Assert.Equal(new ModerationChange(RoomResult.Ok, true, room with { SubscribersOnly = true }, new("subscribersOnly", null, null, null, 1_000)), on);
        room = on.Replaced!;
        Assert.False(RoomModerator.SetSubscribersOnly(room, Host, true, 1_001).Changed);
        Assert.Equal(RoomResult.SubscribersOnly, ModerationPolicy.CanSpeak(room, Viewer, false, 1_002));
        Assert.Equal(RoomResult.Ok, ModerationPolicy.CanSpeak(room, Viewer, true, 1_002));
        Assert.Equal(RoomResult.Ok, ModerationPolicy.CanSpeak(room, Host, false, 1_002));
        Assert.Equal(RoomResult.Ok, ModerationPolicy.CanSpeak(room, Moderator, false, 1_002));
        Assert.True(RoomModerator.Snapshot(room, Host, 1_002)!.SubscribersOnly);
        var off = RoomModerator.SetSubscribersOnly(room, Host, false, 2_000);
        Assert.Equal("allChat", off.Notice!.Action);
        Assert.Equal(RoomResult.Ok, ModerationPolicy.CanSpeak(off.Replaced!, Viewer, false, 2_001));
    }

    [Fact]
    public void Mutes_are_capped_and_expired_mutes_are_dropped()
    {
        var room = LiveRoom();
        Assert.Equal(RoomResult.InvalidArgument, RoomModerator.Mute(room, Host, Viewer, RoomRules.MaxMute + TimeSpan.FromSeconds(1), 0).Result);
        RoomModerator.Mute(room, Host, Viewer, TimeSpan.FromSeconds(1), 0);
        RoomModerator.Mute(room, Host, Other, TimeSpan.FromSeconds(1), 5_000);
        Assert.Equal([Other], room.MutedUntil.Keys);
        Assert.Equal("unmute", RoomModerator.Mute(room, Host, Other, TimeSpan.Zero, 5_001).Notice!.Action);
        Assert.Empty(room.MutedUntil);
    }

    [Fact]
    public void Only_the_host_names_moderators_and_the_host_cannot_be_one()
    {
        var room = LiveRoom();
        Assert.Equal(RoomResult.NotAllowed, RoomModerator.SetModerator(room, Moderator, Viewer, true, 0).Result);
        Assert.Equal(RoomResult.InvalidArgument, RoomModerator.SetModerator(room, Host, Host, true, 0).Result);
        var change = RoomModerator.SetModerator(room, Host, Moderator, false, 0);
        Assert.Equal(("unmoderator", true), (change.Notice!.Action, change.Changed));
        Assert.DoesNotContain(Moderator, room.Moderators);
        Assert.Equal(RoomResult.NotAllowed, ModerationPolicy.Gate(room, RoomRole.Moderator, Moderator));
    }

    [Fact]
    public void Blocked_keywords_match_in_compatibility_form_and_lower_case()
    {
        var room = LiveRoom();
        var change = RoomModerator.SetBlockedKeywords(room, Moderator, ["  SPAM ", "spam", "ｆｒｅｅ"]);
        Assert.Equal(["spam", "free"], change.Replaced!.BlockedKeywords);
        Assert.True(ModerationPolicy.IsBlocked(change.Replaced, "Get FREE coins"));
        Assert.True(ModerationPolicy.IsBlocked(change.Replaced, "ＳＰＡＭ"));
        Assert.False(ModerationPolicy.IsBlocked(change.Replaced, "hello"));
        Assert.Equal(RoomResult.InvalidArgument, RoomModerator.SetBlockedKeywords(room, Host, [new string('x', 51)]).Result);
    }

    [Fact]
    public void Slow_mode_is_bounded_and_announced_and_deleting_a_gone_comment_is_still_announced()
    {
        var room = LiveRoom();
        Assert.Equal(RoomResult.InvalidArgument, RoomModerator.SetSlowMode(room, Host, RoomRules.MaxSlowModeSeconds + 1, 0).Result);
        var slow = RoomModerator.SetSlowMode(room, Moderator, 30, 0);
        Assert.Equal((30, "slowMode", 30), (slow.Replaced!.SlowModeSeconds, slow.Notice!.Action, slow.Notice.Seconds));

        var comment = CommentLog.Append(room, Viewer, "V", "hi", 0);
        var deleted = RoomModerator.DeleteComment(room, Moderator, comment.CommentId);
        Assert.Equal((true, comment.CommentId), (deleted.Changed, deleted.DeletedComment));
        var again = RoomModerator.DeleteComment(room, Moderator, comment.CommentId);
        Assert.Equal((false, comment.CommentId), (again.Changed, again.DeletedComment));
        Assert.Equal(RoomResult.NotAllowed, RoomModerator.DeleteComment(room, Viewer, 1).Result);
    }

    [Fact]
    public void Moderation_is_readable_by_staff_and_by_the_host_after_the_room_ended()
    {
        var room = LiveRoom();
        RoomModerator.Mute(room, Host, Viewer, TimeSpan.FromSeconds(10), 0);
        Assert.Equal([Viewer], RoomModerator.Snapshot(room, Moderator, 5_000)!.MutedUntil.Keys);
        Assert.Empty(RoomModerator.Snapshot(room, Moderator, 10_000)!.MutedUntil);
        Assert.Null(RoomModerator.Snapshot(room, Viewer, 0));
        var ended = room with { Status = RoomStatus.Ended };
        Assert.NotNull(RoomModerator.Snapshot(ended, Host, 0));
        Assert.Null(RoomModerator.Snapshot(ended, Moderator, 0));
    }
}

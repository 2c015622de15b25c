using Stagecast.Contracts.Rooms;

namespace Stagecast.Grains.Rooms;

/// <summary>
/// A room's lifecycle as pure state transitions, and what viewers see of it: opened, live, reconnecting (the
/// publisher's media lost while live), ended.
/// </summary>
internal static class RoomTransitions
{
    public static LiveRoomState Opened(string roomId, string hostId, string hostDisplayName, string title, DateTimeOffset now) => new()
    {
        Status = RoomStatus.Created, HostId = hostId, HostDisplayName = hostDisplayName, Title = title,
        StreamKey = StreamKeys.New(roomId), CreatedAt = now,
    };

    /// <summary>
    /// Media from the publisher ends any reconnect grace; a created room goes live (<paramref name="wentLive"/>), one
    /// already live stays as it was.
    /// </summary>
    public static LiveRoomState GoLive(LiveRoomState s, bool byMedia, DateTimeOffset now, out bool wentLive)
    {
        if (byMedia)
        {
            s = s with { MediaActive = true, MediaLostAt = null, LastActivityAt = now };
        }
        wentLive = s.Status == RoomStatus.Created;
        return wentLive ? s with { Status = RoomStatus.Live, StartedAt = now } : s;
    }

    /// <summary>The publisher's media stopped: a live room starts its reconnect grace. Null when no media was active.</summary>
    public static LiveRoomState? MediaEnded(LiveRoomState s, DateTimeOffset now) => s.MediaActive
        ? s with { MediaActive = false, MediaLostAt = s.Status == RoomStatus.Live ? now : null, LastActivityAt = now }
        : null;

    public static LiveRoomState Ended(LiveRoomState s, DateTimeOffset now, RoomEndReason reason) =>
        s with { Status = RoomStatus.Ended, EndedAt = now, MediaActive = false, MediaLostAt = null, EndReason = reason };

    /// <summary>Live, but the publisher is gone and the grace has not run out yet.</summary>
    public static bool Reconnecting(LiveRoomState s) => s.Status == RoomStatus.Live && s.MediaLostAt is not null;

    /// <summary>A viewer joining: the room and its recent comments, unless it is unknown, ended or the viewer banned.</summary>
    public static RoomJoin Join(string roomId, LiveRoomState s, string? userId, int viewers) => s.Status switch
    {
        RoomStatus.Unknown => new RoomJoin(RoomResult.UnknownRoom, null, []),
        RoomStatus.Ended => new RoomJoin(RoomResult.RoomEnded, null, []),
        _ when userId is not null && s.Banned.Contains(userId) => new RoomJoin(RoomResult.Banned, null, []),
        _ => new RoomJoin(RoomResult.Ok, Info(roomId, s, viewers), s.Comments.ToArray()),
    };

    public static bool AcceptsStreamKey(LiveRoomState s, string streamKey) =>
        s.Status is RoomStatus.Created or RoomStatus.Live && StreamKeys.Matches(streamKey, s.StreamKey);

    public static RoomInfo Info(string roomId, LiveRoomState s, int viewers) => new(
        roomId, s.Title, s.HostId, s.HostDisplayName, s.Status, viewers, s.Likes, GiftBoard.TopGifters(s),
        s.CreatedAt, s.StartedAt, s.EndedAt, s.Moderators.ToArray(), s.SlowModeSeconds, Reconnecting(s), s.SubscribersOnly,
        s.EndReason);
}

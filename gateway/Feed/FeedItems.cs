using Stagecast.Contracts.Feed;
using Stagecast.Contracts.Rooms;
using Stagecast.Gateway.Videos;

namespace Stagecast.Gateway.Feed;

/// <summary>Feed entries from the grains as the HTTP and hub payloads show them.</summary>
public static class FeedItems
{
    public static FeedItem From(string origin, FeedEntry entry) => entry.Live is { } room
        ? Live(origin, room, entry.Reason)
        : new FeedItem("video", entry.Reason, entry.Video!.OwnerId, entry.Video.OwnerDisplayName, VideoUrls.Hls(origin, entry.Video.VideoId),
            VideoId: entry.Video.VideoId, Caption: entry.Video.Caption, Hashtags: entry.Video.Hashtags,
            ThumbnailUrl: VideoUrls.Thumbnail(origin, entry.Video.VideoId), DurationMs: entry.Video.DurationMs, Stats: entry.Video.Stats,
            VideoKind: entry.Video.Kind, Visibility: entry.Video.Visibility);

    public static FeedItem Live(string origin, RoomListing room, string reason) =>
        new("live", reason, room.HostId, room.HostDisplayName, $"{origin}/hls/{room.RoomId}/index.m3u8",
            RoomId: room.RoomId, Title: room.Title, Viewers: room.Viewers);
}

using Stagecast.Contracts.Feed;
using Stagecast.Contracts.Privacy;
using Stagecast.Contracts.Rooms;
using Stagecast.Contracts.Videos;

namespace Stagecast.Grains.Privacy;

/// <summary>
/// The live side of a user's export: their live-chat comments per room, their feed's watch history and interests, and
/// the recordings of the rooms they hosted.
/// </summary>
internal static class LiveActivityExport
{
    /// <summary><c>livechat.json</c>: <c>[{roomId, comments: [{commentId, userId, displayName, text, at (Unix ms), badge}]}]</c>, rooms oldest first.</summary>
    public static async Task<IReadOnlyList<object>> ChatAsync(IGrainFactory grains, string userId)
    {
        var rooms = new List<object>();
        foreach (var roomId in await grains.GetGrain<IAccountPrivacyGrain>(userId).ChatRooms())
        {
            var comments = await grains.GetGrain<ILiveRoomGrain>(roomId).CommentsBy(userId);
            if (comments.Count > 0)
            {
                rooms.Add(new { roomId, comments });
            }
        }
        return rooms;
    }

    /// <summary><c>watch-history.json</c>: <c>{seen: [videoId], interests: {"#tag", "~word" or "@creatorId": weight}, engaged: [videoId]}</c>.</summary>
    public static Task<WatchHistory> WatchAsync(IGrainFactory grains, string userId) => grains.GetGrain<IViewerFeedGrain>(userId).History();

    /// <summary>
    /// <c>recordings.json</c>: <c>{rooms: [{roomId, title, status, createdAt, startedAt, endedAt, replayVideoId,
    /// recordingUrl}], replays: [{videoId, roomTitle, status, createdAt, durationMs, visibility, hlsUrl, files}]}</c>.
    /// Each room the user hosted, with the link to its recording: the newest ready replay video made from it (any
    /// gateway serves it from the shared video store), else the live recording itself (only the gateway that recorded
    /// it serves that, while the recording retention keeps it); each replay video, whose files are in the zip.
    /// </summary>
    public static async Task<object> RecordingsAsync(IGrainFactory grains, string userId, IReadOnlyList<VideoCard> cards)
    {
        var ready = cards.Where(c => c.Kind == VideoKinds.Replay && c.Status == VideoStatus.Ready).Select(c => c.VideoId).ToHashSet(StringComparer.Ordinal);
        var rooms = new List<object>();
        foreach (var roomId in await grains.GetGrain<IAccountPrivacyGrain>(userId).Rooms())
        {
            if (await grains.GetGrain<ILiveRoomGrain>(roomId).GetInfo() is { } info)
            {
                var replayVideoId = (await grains.GetGrain<IRoomReplayGrain>(roomId).Videos()).LastOrDefault(ready.Contains);
                rooms.Add(new
                {
                    roomId, info.Title, info.Status, info.CreatedAt, info.StartedAt, info.EndedAt, replayVideoId,
                    recordingUrl = replayVideoId is null
                        ? $"/hls/{Uri.EscapeDataString(roomId)}/replay/index.m3u8"
                        : $"/media/videos/{replayVideoId}/hls/index.m3u8",
                });
            }
        }
        var replays = cards.Where(c => c.Kind == VideoKinds.Replay).Select(c => new
        {
            c.VideoId, roomTitle = c.Caption, c.Status, c.CreatedAt, c.DurationMs, c.Visibility,
            hlsUrl = $"/media/videos/{c.VideoId}/hls/index.m3u8", files = $"videos/{c.VideoId}/",
        }).ToList();
        return new { rooms, replays };
    }
}

using Stagecast.Contracts.Feed;
using Stagecast.Contracts.Privacy;
using Stagecast.Contracts.Rooms;

namespace Stagecast.Grains.Privacy;

/// <summary>The live side of a user's export: their live-chat comments per room, and their feed's watch history and interests.</summary>
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

    /// <summary><c>watch-history.json</c>: <c>{seen: [videoId], interests: {"#tag" or "@creatorId": weight}}</c>.</summary>
    public static Task<WatchHistory> WatchAsync(IGrainFactory grains, string userId) => grains.GetGrain<IViewerFeedGrain>(userId).History();
}

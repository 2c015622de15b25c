using Stagecast.Contracts.Rooms;

namespace Stagecast.Grains.Rooms;

/// <summary>The room's durable comment history: the last <see cref="RoomRules.CommentHistory"/> comments, oldest first.</summary>
internal static class CommentLog
{
    /// <summary>Gives the comment the room's next id, appends it and drops the oldest beyond the history size.</summary>
    public static RoomComment Append(LiveRoomState room, string userId, string displayName, string text, long nowMs,
        Contracts.Subscriptions.SubscriberBadge? badge = null)
    {
        var comment = new RoomComment(room.NextCommentId++, userId, displayName, text, nowMs, badge);
        room.Comments.Add(comment);
        if (room.Comments.Count > RoomRules.CommentHistory)
        {
            room.Comments.RemoveRange(0, room.Comments.Count - RoomRules.CommentHistory);
        }
        return comment;
    }

    /// <summary>Removes a comment from the history; false when it is not (or no longer) there.</summary>
    public static bool Remove(LiveRoomState room, long commentId) => room.Comments.RemoveAll(c => c.CommentId == commentId) > 0;

    /// <summary>The user's comments in the history, oldest first.</summary>
    public static IReadOnlyList<RoomComment> By(LiveRoomState room, string userId) => [.. room.Comments.Where(c => c.UserId == userId)];

    /// <summary>Removes the user's comments from the history; the ids removed.</summary>
    public static IReadOnlyList<long> RemoveUser(LiveRoomState room, string userId)
    {
        var ids = room.Comments.Where(c => c.UserId == userId).Select(c => c.CommentId).ToList();
        room.Comments.RemoveAll(c => c.UserId == userId);
        return ids;
    }
}

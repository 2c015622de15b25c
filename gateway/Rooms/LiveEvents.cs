namespace Stagecast.Gateway.Rooms;

/// <summary>
/// The names of the events /hubs/live sends to clients: the one place they are written. <see cref="ILiveClient"/>
/// maps its methods to them, and code that sends a pre-serialized message (the <c>batch</c> event) uses them directly.
/// </summary>
public static class LiveEvents
{
    public const string Comment = "comment";
    public const string Gift = "gift";
    public const string MoreGifts = "moreGifts";
    public const string CommentDeleted = "commentDeleted";
    public const string Moderation = "moderation";
    public const string Leaderboard = "leaderboard";
    public const string Likes = "likes";
    public const string Viewers = "viewers";
    public const string RoomEnded = "roomEnded";
    public const string Match = "match";
    public const string Batch = "batch";
}

using Stagecast.Contracts.Rooms;

namespace Stagecast.Grains.Rooms;

/// <summary>A room's durable state. Lifecycle and moderation are written at once; likes, comments and gifts behind.</summary>
[GenerateSerializer, Alias("Stagecast.LiveRoomState")]
public sealed record LiveRoomState
{
    [Id(0)] public RoomStatus Status { get; init; }
    [Id(1)] public string HostId { get; init; } = "";
    [Id(2)] public string HostDisplayName { get; init; } = "";
    [Id(3)] public string Title { get; init; } = "";
    [Id(4)] public string StreamKey { get; init; } = "";
    [Id(5)] public DateTimeOffset CreatedAt { get; init; }
    [Id(6)] public DateTimeOffset? StartedAt { get; init; }
    [Id(7)] public DateTimeOffset? EndedAt { get; init; }
    [Id(8)] public long Likes { get; set; }
    /// <summary>The last 50 comments, oldest first.</summary>
    [Id(9)] public List<RoomComment> Comments { get; init; } = [];
    [Id(10)] public long NextCommentId { get; set; } = 1;
    [Id(11)] public Dictionary<string, TopGifter> Gifters { get; init; } = [];
    [Id(12)] public HashSet<string> Moderators { get; init; } = [];
    [Id(13)] public HashSet<string> Banned { get; init; } = [];
    [Id(14)] public Dictionary<string, long> MutedUntil { get; init; } = [];
    [Id(15)] public int SlowModeSeconds { get; init; }
    /// <summary>Normalised (NFKC, lower case) keywords.</summary>
    [Id(16)] public List<string> BlockedKeywords { get; init; } = [];
    /// <summary>Request ids of the last gifts published, so a repeated publish is not counted twice.</summary>
    [Id(17)] public List<string> RecentGiftRequests { get; init; } = [];
    [Id(18)] public bool MediaActive { get; init; }
    /// <summary>When the publisher's media stopped while live: the room is reconnecting until it comes back or the grace ends.</summary>
    [Id(19)] public DateTimeOffset? MediaLostAt { get; init; }
    /// <summary>The last comment, like, gift or media change (written behind, like chat).</summary>
    [Id(20)] public DateTimeOffset? LastActivityAt { get; set; }
    /// <summary>The users the host blocked: they cannot comment or gift here.</summary>
    [Id(22)] public HashSet<string> HostBlocked { get; init; } = [];
    /// <summary>Only subscribers of the host (and the host and moderators) may comment.</summary>
    [Id(21)] public bool SubscribersOnly { get; init; }
    /// <summary>Why the room ended (None while it is open).</summary>
    [Id(23)] public RoomEndReason EndReason { get; init; }
}

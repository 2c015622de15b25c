using Stagecast.Contracts.Videos;

namespace Stagecast.Grains.Videos;

/// <summary>A video's durable state. Lifecycle changes are written at once; counters behind, on a timer.</summary>
[GenerateSerializer, Alias("Stagecast.VideoState")]
public sealed record VideoState
{
    [Id(0)] public VideoStatus Status { get; init; }
    [Id(1)] public string OwnerId { get; init; } = "";
    [Id(2)] public string OwnerDisplayName { get; init; } = "";
    [Id(3)] public string Caption { get; init; } = "";
    [Id(4)] public List<string> Hashtags { get; init; } = [];
    [Id(5)] public DateTimeOffset CreatedAt { get; init; }
    [Id(6)] public long DurationMs { get; init; }
    [Id(7)] public int Width { get; init; }
    [Id(8)] public int Height { get; init; }
    [Id(9)] public bool HasAudio { get; init; }
    [Id(10)] public List<int> Renditions { get; init; } = [];
    [Id(11)] public string? FailureReason { get; init; }
    [Id(12)] public VideoStats Stats { get; set; } = VideoStats.Empty;
    [Id(13)] public HashSet<string> Likers { get; init; } = [];
    /// <summary>The last 100 comments, oldest first.</summary>
    [Id(14)] public List<VideoComment> Comments { get; init; } = [];
    [Id(15)] public long NextCommentId { get; set; } = 1;
    /// <summary>The last event ids counted ("{userId}/{eventId}"), so a retried event counts once.</summary>
    [Id(16)] public List<string> RecentEvents { get; init; } = [];
    [Id(17)] public int Attempts { get; init; }
    [Id(18)] public string Kind { get; init; } = VideoKinds.Upload;
    [Id(19)] public string Visibility { get; init; } = VideoVisibility.Public;
}

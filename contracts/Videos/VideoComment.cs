namespace Stagecast.Contracts.Videos;

/// <summary>A comment on a video.</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.VideoComment")]
public sealed record VideoComment(
    [property: Id(0)] long CommentId,
    [property: Id(1)] string UserId,
    [property: Id(2)] string DisplayName,
    [property: Id(3)] string Text,
    [property: Id(4)] DateTimeOffset At);

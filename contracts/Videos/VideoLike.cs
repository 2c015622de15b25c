namespace Stagecast.Contracts.Videos;

/// <summary>One viewer's like of a video and the video's like count (GET /api/videos/{id}/like).</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.VideoLike")]
public sealed record VideoLike(
    [property: Id(0)] bool Liked,
    [property: Id(1)] long Likes);

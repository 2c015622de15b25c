namespace Stagecast.Contracts.Videos;

/// <summary>A stored, probed upload (or a finished live's recording) that becomes a video: who, what, and what ffprobe found.</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.VideoUpload")]
public sealed record VideoUpload(
    [property: Id(0)] string OwnerId,
    [property: Id(1)] string OwnerDisplayName,
    [property: Id(2)] string Caption,
    [property: Id(3)] long DurationMs,
    [property: Id(4)] int Width,
    [property: Id(5)] int Height,
    [property: Id(6)] bool HasAudio,
    [property: Id(7)] string Kind = VideoKinds.Upload,
    [property: Id(8)] string Visibility = VideoVisibility.Public);

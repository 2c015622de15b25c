namespace Stagecast.Contracts.Videos;

/// <summary>Where a video came from.</summary>
public static class VideoKinds
{
    /// <summary>Uploaded by its creator.</summary>
    public const string Upload = "upload";

    /// <summary>The recording of a finished live, published by the platform for its host.</summary>
    public const string Replay = "replay";
}

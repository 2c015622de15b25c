namespace Stagecast.Media.Videos;

/// <summary>What ffprobe found in a file: null <see cref="Format"/> means it is not a media file at all.</summary>
public sealed record VideoProbeResult(string? Format, TimeSpan Duration, int Width, int Height, bool HasVideo, bool HasAudio)
{
    public static readonly VideoProbeResult NotMedia = new(null, TimeSpan.Zero, 0, 0, false, false);
}

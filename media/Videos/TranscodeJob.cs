namespace Stagecast.Media.Videos;

/// <summary>A source video to turn into HLS renditions and a thumbnail.</summary>
public sealed record TranscodeJob(string VideoId, TimeSpan Duration, int Width, int Height, bool HasAudio);

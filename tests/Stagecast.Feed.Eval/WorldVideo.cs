namespace Stagecast.Feed.Eval;

/// <summary>A synthetic video: hidden topic and quality (for the behaviour model only), public hashtags and caption words.</summary>
public sealed record WorldVideo(int Index, string VideoId, int Creator, int Topic, double Quality, long DurationMs,
    IReadOnlyList<string> Hashtags, int ReleaseSession, string Words = "");

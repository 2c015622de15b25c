namespace Stagecast.Media.Hls;

/// <summary>A published LL-HLS part: its duration and whether it starts with a keyframe.</summary>
public sealed record HlsPart(long Msn, int Index, double Duration, bool Independent)
{
    public string Uri => $"part{Msn}.{Index}.m4s";
}

/// <summary>A media segment (complete, or the one being filled, whose parts are already published).</summary>
public sealed record HlsSegment(
    long Msn,
    int InitVersion,
    bool Discontinuity,
    DateTimeOffset ProgramDateTime,
    double Duration,
    IReadOnlyList<HlsPart> Parts,
    bool Complete)
{
    public string Uri => $"seg{Msn}.m4s";

    public static string InitUri(int version) => $"init{version}.mp4";
}

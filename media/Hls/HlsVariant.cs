namespace Stagecast.Media.Hls;

/// <summary>One line of a multivariant playlist.</summary>
public sealed record HlsVariant(string Uri, string Codecs, int Width, int Height, long Bandwidth, double FrameRate);

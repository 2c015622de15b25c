namespace Stagecast.Media.Mp4;

/// <summary>One sample of a track run: its duration in the track's timescale, byte size, sync flag and composition offset (PTS - DTS).</summary>
public readonly record struct FragmentSample(uint Duration, int Size, bool IsSync, int CompositionOffset = 0);

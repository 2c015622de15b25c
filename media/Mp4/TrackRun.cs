namespace Stagecast.Media.Mp4;

/// <summary>One track's samples in a fragment: decode time of the first, per-sample metadata and the bytes.</summary>
public readonly record struct TrackRun(int TrackId, ulong BaseDecodeTime, ReadOnlyMemory<FragmentSample> Samples, ReadOnlyMemory<byte> Data);

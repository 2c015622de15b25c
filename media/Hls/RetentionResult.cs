namespace Stagecast.Media.Hls;

/// <summary>What one retention sweep did: recordings deleted and bytes freed, recordings kept and their bytes.</summary>
public sealed record RetentionResult(int Deleted, long BytesFreed, int Kept, long BytesKept);

namespace Stagecast.Media.Hls;

/// <summary>
/// What a reader sees of a live session at one instant: the rendered media playlist and the positions
/// that blocking reloads (rfc8216bis 6.2.5.2) are measured against. Replaced whole on every part.
/// </summary>
/// <param name="FirstMsn">Media sequence number of the oldest segment in the window.</param>
/// <param name="LastCompleteMsn">Newest complete segment, or -1.</param>
/// <param name="OpenMsn">The segment being filled (or next to be opened).</param>
/// <param name="OpenParts">Parts of <paramref name="OpenMsn"/> published so far.</param>
/// <param name="DeltaPlaylist">The same playlist with the segments beyond CAN-SKIP-UNTIL replaced by EXT-X-SKIP (answer to _HLS_skip=YES), or null when none can be skipped.</param>
public sealed record HlsSnapshot(
    byte[] Playlist,
    long FirstMsn,
    long LastCompleteMsn,
    long OpenMsn,
    int OpenParts,
    bool Ended,
    int TargetDuration,
    byte[]? DeltaPlaylist = null)
{
    public static HlsSnapshot Empty(int targetDuration) => new([], 0, -1, 0, 0, false, targetDuration);

    /// <summary>True once part <paramref name="part"/> of segment <paramref name="msn"/> (or the whole segment) exists.</summary>
    public bool Has(long msn, int? part) =>
        LastCompleteMsn >= msn || (part is { } p && OpenMsn == msn && OpenParts > p);
}

namespace Stagecast.Media.Mp4;

/// <summary>
/// Writes one CMAF fragment: moof (mfhd, then per track traf with tfhd/tfdt/trun) followed by one mdat
/// holding each track's bytes in the order of the trafs (ISO/IEC 14496-12 8.8).
/// </summary>
public static class FragmentWriter
{
    // 14496-12 8.8.3.1 sample flags: sample_depends_on = 2 (an I picture, or audio).
    public const uint SyncSampleFlags = 0x02000000;

    // sample_depends_on = 1 and sample_is_non_sync_sample = 1.
    public const uint NonSyncSampleFlags = 0x01010000;

    // tfhd: default-base-is-moof, so data offsets count from the moof (CMAF 7.5.16).
    private const uint TfhdDefaultBaseIsMoof = 0x020000;

    // trun: data-offset, sample-duration, sample-size and sample-flags present; composition offsets only when a
    // run has any (H.264 B-frames from RTMP encoders; WebRTC H.264 has none, so presentation equals decode time).
    private const uint TrunFlags = 0x000001 | 0x000100 | 0x000200 | 0x000400;
    private const uint TrunCompositionOffsets = 0x000800;

    /// <summary>Appends moof+mdat to <paramref name="w"/>; runs with no samples are skipped.</summary>
    public static void Write(Mp4Writer w, uint sequenceNumber, ReadOnlySpan<TrackRun> runs)
    {
        var moof = w.BeginBox("moof"u8);
        var mfhd = w.BeginFullBox("mfhd"u8, 0, 0);
        w.U32(sequenceNumber);
        w.EndBox(mfhd);

        Span<int> dataOffsetPositions = stackalloc int[runs.Length];
        for (var i = 0; i < runs.Length; i++)
        {
            var run = runs[i];
            dataOffsetPositions[i] = -1;
            if (run.Samples.IsEmpty) continue;

            var traf = w.BeginBox("traf"u8);
            var tfhd = w.BeginFullBox("tfhd"u8, 0, TfhdDefaultBaseIsMoof);
            w.U32((uint)run.TrackId);
            w.EndBox(tfhd);

            // Version 1: a 64-bit decode time never wraps, however long the live runs.
            var tfdt = w.BeginFullBox("tfdt"u8, 1, 0);
            w.U64(run.BaseDecodeTime);
            w.EndBox(tfdt);

            var samples = run.Samples.Span;
            var withOffsets = HasCompositionOffsets(samples);

            // Version 1: signed offsets (14496-12 8.8.8), which hls.js and Chromium read as such.
            var trun = w.BeginFullBox("trun"u8, withOffsets ? (byte)1 : (byte)0, withOffsets ? TrunFlags | TrunCompositionOffsets : TrunFlags);
            w.U32((uint)samples.Length);
            dataOffsetPositions[i] = w.Length;
            w.I32(0); // patched once the moof size is known
            foreach (var sample in samples)
            {
                w.U32(sample.Duration);
                w.U32((uint)sample.Size);
                w.U32(sample.IsSync ? SyncSampleFlags : NonSyncSampleFlags);
                if (withOffsets) w.I32(sample.CompositionOffset);
            }

            w.EndBox(trun);
            w.EndBox(traf);
        }

        w.EndBox(moof);

        var mdat = w.BeginBox("mdat"u8);
        for (var i = 0; i < runs.Length; i++)
        {
            if (dataOffsetPositions[i] < 0) continue;
            w.PatchU32(dataOffsetPositions[i], (uint)(w.Length - moof));
            w.Bytes(runs[i].Data.Span);
        }

        w.EndBox(mdat);
    }

    private static bool HasCompositionOffsets(ReadOnlySpan<FragmentSample> samples)
    {
        foreach (var sample in samples)
        {
            if (sample.CompositionOffset != 0) return true;
        }

        return false;
    }
}

using Stagecast.Media.AccessUnits;
using Stagecast.Media.Mp4;
using Stagecast.Media.Opus;

namespace Stagecast.Media.Hls;

/// <summary>
/// One track inside a packager: its timestamp mapping onto the session timeline and the samples not yet
/// published. Sample bytes are appended to one reused buffer; publishing a part shifts the rest down.
/// </summary>
internal sealed class TrackState
{
    private readonly List<PendingSample> _pending = [];
    private byte[] _data = new byte[256 * 1024];
    private int _dataLength;
    private int _taken;
    private long _firstTimestamp;
    private long _offset;
    private long _lastDts = -1;
    private long _lastDuration;
    private long _lastContentEnd = -1;

    public TrackState(TrackConfig config)
    {
        Config = config;
        Timescale = InitSegmentWriter.TimescaleOf(config);
        _lastDuration = config.IsVideo ? Timescale / 30 : Timescale / 50;
    }

    public TrackConfig Config { get; private set; }

    public int Timescale { get; }

    public bool Mapped { get; private set; }

    public int PendingCount => _pending.Count;

    public bool IsFirstPendingSync => _pending.Count > 0 && _pending[0].IsSync;

    /// <summary>Where the last pending sample ends, assuming it lasts as long as the one before it.</summary>
    public long PendingEnd => _pending.Count > 0 ? _pending[^1].Dts + _lastDuration : _lastDts;

    public double EstimatedFrameRate => _lastDuration > 0 ? Math.Round(Timescale / (double)_lastDuration, 3) : 0;

    public void Reconfigure(TrackConfig config) => Config = config;

    public void MapFirst(long timestamp, long offset)
    {
        _firstTimestamp = timestamp;
        _offset = offset;
        Mapped = true;
    }

    /// <summary>The sample's decode time in the track timescale, forced strictly increasing.</summary>
    public long ToDecodeTime(long timestamp)
    {
        var elapsed = timestamp - _firstTimestamp;
        if (Config.ClockRate > 0 && Config.ClockRate != Timescale)
        {
            elapsed = elapsed * Timescale / Config.ClockRate;
        }

        var dts = elapsed + _offset;
        return dts <= _lastDts ? _lastDts + 1 : dts;
    }

    /// <summary>
    /// Where a silent Opus frame goes before a packet at <paramref name="dts"/>, or -1: when the source's timestamps
    /// jumped at least one frame past where the previous packet's audio ends (a publisher's audio clock skipping
    /// under load). Without the filler the previous sample would last until <paramref name="dts"/> while its decoder
    /// outputs only 20 ms: the browser's audio runs out before the buffered range does and playback stalls, which
    /// hls.js answers with a seek over a "hole" that no fragment boundary shows.
    /// </summary>
    public long NextSilenceAt(long dts)
    {
        if (Config.Codec != MediaCodec.Opus || _lastContentEnd < 0) return -1;
        var gap = dts - _lastContentEnd;
        return gap >= OpusPacket.SilenceSamples && gap <= MaxSilenceSamples ? _lastContentEnd : -1;
    }

    // A longer jump is a new timeline rather than a skipping clock: it stays one long sample.
    private const long MaxSilenceSamples = 60L * 48000;

    /// <summary>The duration the previous sample gets when the next one starts at <paramref name="dts"/>.</summary>
    public long LastSampleDuration(long dts) => _lastDts >= 0 && dts > _lastDts ? dts - _lastDts : _lastDuration;

    public void Append(long dts, ReadOnlySpan<byte> data, bool isSync, int compositionOffset = 0)
    {
        if (_lastDts >= 0 && dts > _lastDts)
        {
            _lastDuration = dts - _lastDts;
        }

        _lastDts = dts;
        if (Config.Codec == MediaCodec.Opus)
        {
            // Opus is always 48 kHz, the track's timescale: a packet's samples are its ticks.
            var samples = OpusPacket.Samples(data);
            _lastContentEnd = samples > 0 ? dts + samples : -1;
        }

        if (_dataLength + data.Length > _data.Length)
        {
            Array.Resize(ref _data, Math.Max(_data.Length * 2, _dataLength + data.Length));
        }

        data.CopyTo(_data.AsSpan(_dataLength));
        var cto = Config.ClockRate > 0 && Config.ClockRate != Timescale ? (int)((long)compositionOffset * Timescale / Config.ClockRate) : compositionOffset;
        _pending.Add(new PendingSample(dts, _dataLength, data.Length, isSync, cto));
        _dataLength += data.Length;
    }

    /// <summary>Pending samples that start before <paramref name="end"/> and whose successor is known.</summary>
    public int CountBefore(long end)
    {
        var count = 0;
        while (count < _pending.Count - 1 && _pending[count].Dts < end) count++;
        return count;
    }

    /// <summary>
    /// The first <paramref name="count"/> pending samples as a run; the last one ends at <paramref name="end"/>,
    /// at its successor, or after the previous sample's duration. Valid until <see cref="ReleaseTaken"/>.
    /// </summary>
    public TrackRun TakeRun(int count, long? end)
    {
        var samples = new FragmentSample[count];
        var bytes = 0;
        for (var i = 0; i < count; i++)
        {
            var sample = _pending[i];
            long next;
            if (i + 1 < _pending.Count) next = _pending[i + 1].Dts;
            else if (end is { } e && e > sample.Dts) next = e;
            else next = sample.Dts + _lastDuration;
            samples[i] = new FragmentSample((uint)(next - sample.Dts), sample.Size, sample.IsSync, sample.CompositionOffset);
            bytes += sample.Size;
        }

        _taken = count;
        return new TrackRun(Config.TrackId, (ulong)_pending[0].Dts, samples, _data.AsMemory(0, bytes));
    }

    /// <summary>Drops the samples handed out by <see cref="TakeRun"/> and moves the rest to the buffer's start.</summary>
    public void ReleaseTaken()
    {
        if (_taken == 0) return;
        var consumed = _taken < _pending.Count ? _pending[_taken].Offset : _dataLength;
        _data.AsSpan(consumed, _dataLength - consumed).CopyTo(_data);
        _dataLength -= consumed;
        _pending.RemoveRange(0, _taken);
        for (var i = 0; i < _pending.Count; i++)
        {
            _pending[i] = _pending[i] with { Offset = _pending[i].Offset - consumed };
        }

        _taken = 0;
    }

    private readonly record struct PendingSample(long Dts, int Offset, int Size, bool IsSync, int CompositionOffset);
}

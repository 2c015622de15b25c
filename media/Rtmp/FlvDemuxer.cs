using System.Buffers.Binary;
using Stagecast.Media.AccessUnits;
using Stagecast.Media.H264;

namespace Stagecast.Media.Rtmp;

/// <summary>
/// Turns RTMP audio and video messages (FLV tag bodies, FLV 10.1 §E.4.2/§E.4.3) into access units:
/// H.264 (AVCDecoderConfigurationRecord -> SPS/PPS, AVCC NAL units re-framed with 4-byte lengths, composition
/// time offsets for B-frames) and AAC (AudioSpecificConfig, raw frames). Enhanced RTMP (FourCC HEVC/AV1),
/// other codecs and malformed tags throw <see cref="RtmpProtocolException"/>.
/// </summary>
public sealed class FlvDemuxer(IAccessUnitSink sink, Func<DateTimeOffset> clock)
{
    public const int VideoTrack = 1;
    public const int AudioTrack = 2;

    private byte[] _reframed = new byte[64 * 1024];
    private int _nalLengthSize;
    private TrackConfig? _video;
    private TrackConfig? _audio;
    private DateTimeOffset? _anchor;
    private readonly TimestampUnwrapper _videoClock = new();
    private readonly TimestampUnwrapper _audioClock = new();
    private long _nextAudioSample = long.MinValue;

    public long VideoFrames { get; private set; }

    public long Keyframes { get; private set; }

    public long AudioFrames { get; private set; }

    public TrackConfig? VideoConfig => _video;

    public TrackConfig? AudioConfig => _audio;

    public void OnVideo(uint timestamp, ReadOnlySpan<byte> tag)
    {
        if (tag.IsEmpty) return;
        if ((tag[0] & 0x80) != 0)
        {
            var fourCc = tag.Length >= 5 ? System.Text.Encoding.ASCII.GetString(tag.Slice(1, 4)) : "?";
            throw new RtmpProtocolException(
                $"Enhanced RTMP video ('{Printable(fourCc)}') is not supported: publish H.264 (in OBS: Output > Encoder x264 or an H.264 hardware encoder).",
                unsupported: true);
        }

        var codec = tag[0] & 0x0F;
        if (codec != 7) throw new RtmpProtocolException($"FLV video codec {codec} is not supported: publish H.264.", unsupported: true);
        if ((tag[0] >> 4) == 5) return; // video info/command frame
        if (tag.Length < 5) throw new RtmpProtocolException("AVC video tag truncated.");
        var cts = (tag[2] << 16 | tag[3] << 8 | tag[4]) << 8 >> 8; // SI24 composition time (ms)
        var body = tag[5..];
        switch (tag[1])
        {
            case 0:
                OnAvcConfig(body);
                return;
            case 1:
                break;
            default:
                return; // end of sequence
        }

        if (_video is null || body.IsEmpty) return;
        var (units, keyframe) = Reframe(body);
        if (units == 0) return;
        var dtsMs = _videoClock.Unwrap(timestamp);
        VideoFrames++;
        if (keyframe) Keyframes++;
        sink.OnAccessUnit(new AccessUnit(VideoTrack, dtsMs * 90, keyframe, _reframed.AsMemory(0, units), CaptureTime(dtsMs), Math.Max(0, cts) * 90));
    }

    public void OnAudio(uint timestamp, ReadOnlySpan<byte> tag)
    {
        if (tag.IsEmpty) return;
        var format = tag[0] >> 4;
        if (format == 9)
        {
            throw new RtmpProtocolException("Enhanced RTMP audio is not supported: publish AAC.", unsupported: true);
        }

        if (format != 10) throw new RtmpProtocolException($"FLV sound format {format} is not supported: publish AAC.", unsupported: true);
        if (tag.Length < 2) throw new RtmpProtocolException("AAC audio tag truncated.");
        var body = tag[2..];
        if (tag[1] == 0)
        {
            OnAacConfig(body);
            return;
        }

        if (_audio is null || body.IsEmpty) return;
        var ms = _audioClock.Unwrap(timestamp);
        var rate = _audio.SampleRate;
        var fromClock = ms * rate / 1000;

        // AAC frames are 1024 samples but FLV times are whole milliseconds: count samples so durations stay
        // exact, and follow the clock only when it moves away by more than a frame (a gap or a jump).
        var sample = _nextAudioSample != long.MinValue && Math.Abs(_nextAudioSample - fromClock) <= 1024 ? _nextAudioSample : fromClock;
        _nextAudioSample = sample + 1024;
        AudioFrames++;
        sink.OnAccessUnit(new AccessUnit(AudioTrack, sample, true, body.ToArray(), CaptureTime(ms)));
    }

    private DateTimeOffset CaptureTime(long ms)
    {
        // One anchor for both tracks: they share the RTMP clock, so their capture times align exactly.
        _anchor ??= clock() - TimeSpan.FromMilliseconds(ms);
        return _anchor.Value + TimeSpan.FromMilliseconds(ms);
    }

    private void OnAvcConfig(ReadOnlySpan<byte> record)
    {
        // ISO/IEC 14496-15 5.3.3.1 AVCDecoderConfigurationRecord.
        if (record.Length < 7 || record[0] != 1) throw new RtmpProtocolException("AVC sequence header is not an AVCDecoderConfigurationRecord.");
        var lengthSize = (record[4] & 0x03) + 1;
        if (lengthSize == 3) throw new RtmpProtocolException("AVC NAL length size 3 is not valid.");
        var pos = 5;
        var sps = ParameterSets(record, ref pos, record[5] & 0x1F, "SPS");
        var pps = ParameterSets(record, ref pos, pos < record.Length ? record[pos] : -1, "PPS");
        if (!SpsParser.TryParse(sps.Span, out var info)) throw new RtmpProtocolException("The AVC sequence header's SPS could not be parsed.");
        _nalLengthSize = lengthSize;
        _video = new TrackConfig(VideoTrack, MediaCodec.H264, 90_000, sps, pps, info.Width, info.Height, 0, 0, ReadOnlyMemory<byte>.Empty);
        sink.OnTrackConfig(_video);
    }

    private static ReadOnlyMemory<byte> ParameterSets(ReadOnlySpan<byte> record, ref int pos, int count, string what)
    {
        if (count < 1) throw new RtmpProtocolException($"AVC sequence header without {what}.");
        pos++;
        ReadOnlyMemory<byte> first = default;
        for (var i = 0; i < count; i++)
        {
            if (record.Length - pos < 2) throw new RtmpProtocolException($"AVC sequence header {what} truncated.");
            var length = BinaryPrimitives.ReadUInt16BigEndian(record[pos..]);
            pos += 2;
            if (length == 0 || record.Length - pos < length) throw new RtmpProtocolException($"AVC sequence header {what} truncated.");
            if (i == 0) first = record.Slice(pos, length).ToArray();
            pos += length;
        }

        return first;
    }

    private void OnAacConfig(ReadOnlySpan<byte> asc)
    {
        // ISO/IEC 14496-3 1.6.2.1 AudioSpecificConfig: objectType(5) frequencyIndex(4) [frequency(24)] channels(4).
        if (asc.Length < 2) throw new RtmpProtocolException("AAC AudioSpecificConfig truncated.");
        var objectType = asc[0] >> 3;
        var frequencyIndex = (asc[0] & 0x07) << 1 | asc[1] >> 7;
        int rate, channels;
        if (frequencyIndex == 15)
        {
            if (asc.Length < 5) throw new RtmpProtocolException("AAC AudioSpecificConfig truncated.");
            rate = (asc[1] & 0x7F) << 17 | asc[2] << 9 | asc[3] << 1 | asc[4] >> 7;
            channels = (asc[4] >> 3) & 0x0F;
        }
        else
        {
            rate = frequencyIndex < SampleRates.Length ? SampleRates[frequencyIndex] : 0;
            channels = (asc[1] >> 3) & 0x0F;
        }

        if (objectType is 0 or 31 || rate is < 8000 or > 96000 || channels is 0 or > 8)
        {
            throw new RtmpProtocolException($"AAC configuration not supported (object type {objectType}, {rate} Hz, channel configuration {channels}).", unsupported: true);
        }

        _audio = new TrackConfig(AudioTrack, MediaCodec.Aac, rate, ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty, 0, 0, channels, rate, asc.ToArray());
        _nextAudioSample = long.MinValue;
        sink.OnTrackConfig(_audio);
    }

    private static readonly int[] SampleRates = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

    // Copies the picture's NAL units with 4-byte lengths (what AccessUnit carries); returns the bytes and whether it holds an IDR.
    private (int Length, bool Keyframe) Reframe(ReadOnlySpan<byte> body)
    {
        var needed = body.Length / _nalLengthSize * 4 + body.Length;
        if (_reframed.Length < needed) _reframed = new byte[Math.Max(needed, _reframed.Length * 2)];
        var pos = 0;
        var written = 0;
        var keyframe = false;
        while (pos < body.Length)
        {
            if (body.Length - pos < _nalLengthSize) throw new RtmpProtocolException("AVC NAL unit length truncated.");
            var length = _nalLengthSize switch
            {
                1 => body[pos],
                2 => BinaryPrimitives.ReadUInt16BigEndian(body[pos..]),
                _ => (long)BinaryPrimitives.ReadUInt32BigEndian(body[pos..]),
            };
            pos += _nalLengthSize;
            if (length > body.Length - pos) throw new RtmpProtocolException("AVC NAL unit longer than its tag.");
            if (length == 0) continue;
            var nal = body.Slice(pos, (int)length);
            pos += (int)length;
            if ((nal[0] & 0x1F) == 5) keyframe = true;
            BinaryPrimitives.WriteUInt32BigEndian(_reframed.AsSpan(written), (uint)nal.Length);
            nal.CopyTo(_reframed.AsSpan(written + 4));
            written += 4 + nal.Length;
        }

        return (written, keyframe);
    }

    private static string Printable(string s) => new(s.Select(c => c is >= ' ' and <= '~' ? c : '?').ToArray());

    /// <summary>FLV/RTMP timestamps are 32-bit milliseconds; this makes them 64-bit and monotonic across the wrap.</summary>
    private sealed class TimestampUnwrapper
    {
        private bool _started;
        private uint _last;
        private long _value;

        public long Unwrap(uint timestamp)
        {
            if (!_started)
            {
                _started = true;
                _last = timestamp;
                _value = timestamp;
                return _value;
            }

            _value += (int)(timestamp - _last);
            _last = timestamp;
            if (Math.Abs(_value) > 1L << 40) throw new RtmpProtocolException("FLV timestamps ran beyond 34 years.");
            return _value;
        }
    }
}

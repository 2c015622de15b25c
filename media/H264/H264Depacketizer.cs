using System.Buffers.Binary;
using Stagecast.Media.AccessUnits;
using Stagecast.Media.Rtp;

namespace Stagecast.Media.H264;

/// <summary>Receives what a depacketizer produces; the session turns it into <see cref="AccessUnit"/>s.</summary>
public interface IDepacketizerOutput
{
    void OnTrackConfig(TrackConfig config);

    /// <summary>One whole frame; <paramref name="data"/> is valid only during the call.</summary>
    void OnFrame(int trackId, long timestamp, uint rtpTimestamp, bool keyframe, ReadOnlyMemory<byte> data);

    /// <summary>A picture was lost or is undecodable: ask the sender for a keyframe (PLI).</summary>
    void OnPictureLost(int trackId);
}

/// <summary>
/// RFC 6184 depacketizer (packetization-mode 0 and 1: single NAL, STAP-A, FU-A). Groups NAL units into
/// access units by RTP timestamp and the marker bit, writes them as AVCC (4-byte lengths), drops whole
/// pictures on loss and then waits for the next IDR. Reuses one buffer: no allocation per packet.
/// </summary>
public sealed class H264Depacketizer(int trackId, IDepacketizerOutput output)
{
    private const int MaxAccessUnit = 8 * 1024 * 1024;
    private const int LateWindow = 1000;
    private byte[] _au = new byte[256 * 1024];
    private int _auLength;
    private bool _haveAu;
    private uint _auTimestamp;
    private bool _corrupt;
    private bool _keyframe;
    private int _fuStart = -1;
    private int _expectedSeq = -1;
    private bool _waitingForKeyframe = true;
    private Unwrapper32 _timestamps;
    private byte[] _sps = [];
    private byte[] _pps = [];
    private bool _configDirty;
    private TrackConfig? _config;

    public long Frames { get; private set; }
    public long Keyframes { get; private set; }
    public long DroppedFrames { get; private set; }
    public TrackConfig? Config => _config;
    public bool WaitingForKeyframe => _waitingForKeyframe;

    public void Push(in RtpPacket packet, ReadOnlySpan<byte> payload)
    {
        ushort seq = packet.SequenceNumber;
        bool gap = false;
        if (_expectedSeq >= 0 && seq != _expectedSeq)
        {
            short delta = (short)(seq - _expectedSeq);
            if (delta is < 0 and > -LateWindow)
            {
                return; // late or duplicate; without a reorder buffer it cannot be used
            }
            // A bigger jump back is a sender restarting its numbering: resynchronise on it.
            // RFC 6184 §5.8: a gap inside a fragmented NAL or picture makes the picture undecodable. Which
            // picture lost it is unknown, so an unfinished previous picture and the current one both go.
            gap = true;
            _corrupt |= _haveAu;
        }
        _expectedSeq = (ushort)(seq + 1);
        if (_haveAu && packet.Timestamp != _auTimestamp)
        {
            Flush();
        }
        if (!_haveAu)
        {
            _haveAu = true;
            _auTimestamp = packet.Timestamp;
        }
        if (gap)
        {
            _corrupt = true;
            _fuStart = -1;
        }
        if (payload.Length > 0)
        {
            ReadPayload(payload);
        }
        if (packet.Marker)
        {
            Flush();
        }
    }

    private void ReadPayload(ReadOnlySpan<byte> payload)
    {
        int type = payload[0] & 0x1F;
        if (type is >= 1 and <= 23)
        {
            AppendNal(payload);
        }
        else if (type == 24)
        {
            // §5.7.1 STAP-A: header byte, then [u16 size][NAL unit]...
            int pos = 1;
            while (pos < payload.Length)
            {
                if (pos + 2 > payload.Length)
                {
                    _corrupt = true;
                    return;
                }
                int size = BinaryPrimitives.ReadUInt16BigEndian(payload.Slice(pos));
                pos += 2;
                if (size == 0 || pos + size > payload.Length)
                {
                    _corrupt = true;
                    return;
                }
                AppendNal(payload.Slice(pos, size));
                pos += size;
            }
        }
        else if (type == 28)
        {
            // §5.8 FU-A: indicator (F|NRI|28), header (S|E|R|type), fragment.
            if (payload.Length < 2)
            {
                _corrupt = true;
                return;
            }
            byte fuHeader = payload[1];
            bool start = (fuHeader & 0x80) != 0;
            bool end = (fuHeader & 0x40) != 0;
            var fragment = payload.Slice(2);
            if (start)
            {
                if (_fuStart >= 0)
                {
                    _corrupt = true; // a start without the previous end
                }
                if (!Reserve(5 + fragment.Length))
                {
                    return;
                }
                _fuStart = _auLength;
                _auLength += 4;
                _au[_auLength++] = (byte)((payload[0] & 0xE0) | (fuHeader & 0x1F));
            }
            else if (_fuStart < 0)
            {
                _corrupt = true;
                return;
            }
            if (!Reserve(fragment.Length))
            {
                return;
            }
            fragment.CopyTo(_au.AsSpan(_auLength));
            _auLength += fragment.Length;
            if (end)
            {
                int nalLength = _auLength - _fuStart - 4;
                BinaryPrimitives.WriteInt32BigEndian(_au.AsSpan(_fuStart), nalLength);
                int nalStart = _fuStart;
                _fuStart = -1;
                InspectNal(nalStart);
            }
        }
        else
        {
            // STAP-B, MTAP and FU-B belong to packetization-mode 2, which the answer never offers.
            _corrupt = true;
        }
    }

    private void AppendNal(ReadOnlySpan<byte> nal)
    {
        if (nal.IsEmpty || !Reserve(4 + nal.Length))
        {
            return;
        }
        int start = _auLength;
        BinaryPrimitives.WriteInt32BigEndian(_au.AsSpan(start), nal.Length);
        nal.CopyTo(_au.AsSpan(start + 4));
        _auLength += 4 + nal.Length;
        InspectNal(start);
    }

    /// <summary>Looks at a NAL unit just written at <paramref name="start"/> (its length prefix).</summary>
    private void InspectNal(int start)
    {
        int length = _auLength - start - 4;
        if (length <= 0)
        {
            _auLength = start;
            return;
        }
        var nal = _au.AsSpan(start + 4, length);
        switch (nal[0] & 0x1F)
        {
            case 5:
                _keyframe = true;
                break;
            case 7:
                if (!nal.SequenceEqual(_sps))
                {
                    _sps = nal.ToArray();
                    _configDirty = true;
                }
                break;
            case 8:
                if (!nal.SequenceEqual(_pps))
                {
                    _pps = nal.ToArray();
                    _configDirty = true;
                }
                break;
            case 9:
                _auLength = start; // access unit delimiters have no place in MP4 samples
                break;
        }
    }

    private bool Reserve(int extra)
    {
        int needed = _auLength + extra;
        if (needed > MaxAccessUnit)
        {
            _corrupt = true;
            _auLength = 0;
            _fuStart = -1;
            return false;
        }
        if (needed > _au.Length)
        {
            Array.Resize(ref _au, Math.Min(MaxAccessUnit, Math.Max(needed, _au.Length * 2)));
        }
        return true;
    }

    /// <summary>Ends the current access unit: emits it when whole and decodable, else asks for a keyframe.</summary>
    public void Flush()
    {
        if (!_haveAu)
        {
            return;
        }
        long timestamp = _timestamps.Unwrap(_auTimestamp);
        bool complete = !_corrupt && _fuStart < 0 && _auLength > 0;
        if (_corrupt || _fuStart >= 0)
        {
            DroppedFrames++;
            if (!_waitingForKeyframe || _corrupt)
            {
                output.OnPictureLost(trackId);
            }
            _waitingForKeyframe = true;
        }
        else if (complete)
        {
            if (_keyframe && _configDirty && _sps.Length > 0 && _pps.Length > 0 && SpsParser.TryParse(_sps, out var sps))
            {
                _config = new TrackConfig(trackId, MediaCodec.H264, 90000, _sps, _pps, sps.Width, sps.Height, 0, 0, default);
                _configDirty = false;
                output.OnTrackConfig(_config);
            }
            if (_keyframe && _config is not null)
            {
                _waitingForKeyframe = false;
            }
            if (_waitingForKeyframe)
            {
                DroppedFrames++;
            }
            else
            {
                Frames++;
                if (_keyframe)
                {
                    Keyframes++;
                }
                output.OnFrame(trackId, timestamp, _auTimestamp, _keyframe, _au.AsMemory(0, _auLength));
            }
        }
        _haveAu = false;
        _auLength = 0;
        _corrupt = false;
        _keyframe = false;
        _fuStart = -1;
    }
}

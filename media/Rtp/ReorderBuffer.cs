namespace Stagecast.Media.Rtp;

/// <summary>Receives packets from a <see cref="ReorderBuffer"/> in sequence order.</summary>
public interface IReorderOutput
{
    /// <summary>The next packet in order; <paramref name="packet"/> is valid only during the call.</summary>
    void OnOrderedPacket(Span<byte> packet);

    /// <summary>A packet is missing: sequence numbers <paramref name="first"/> and up to 16 after it (bitmask, RFC 4585 §6.2.1).</summary>
    void OnMissing(ushort first, ushort following);
}

/// <summary>
/// A short reorder buffer for one RTP stream: in-order packets pass straight through; a packet after a gap
/// waits (in preallocated slots, no allocation) up to <c>maxWaitMs</c> for the missing ones, which are
/// reported once for NACK. After the wait the gap is given up and the depacketizer sees it as loss.
/// </summary>
public sealed class ReorderBuffer
{
    private const int MaxPacket = 1500;
    private readonly byte[][] _slots;
    private readonly int[] _lengths;
    private readonly long[] _slotSeq;
    private readonly long[] _arrivalMs;
    private readonly int _capacity;
    private readonly long _maxWaitMs;
    private long _next = -1;
    private long _nackedUpTo = -1;
    private int _stored;

    public ReorderBuffer(int capacity = 64, long maxWaitMs = 80)
    {
        _capacity = capacity;
        _maxWaitMs = maxWaitMs;
        _slots = new byte[capacity][];
        for (int i = 0; i < capacity; i++)
        {
            _slots[i] = new byte[MaxPacket];
        }
        _lengths = new int[capacity];
        _slotSeq = new long[capacity];
        Array.Fill(_slotSeq, -1);
        _arrivalMs = new long[capacity];
    }

    /// <summary>Packets that came in out of order and were put back in order.</summary>
    public long Reordered { get; private set; }

    /// <summary>Sequence numbers given up on after the wait.</summary>
    public long GivenUp { get; private set; }

    public int Buffered => _stored;

    public void Push(Span<byte> packet, ushort seq, long nowMs, IReorderOutput output)
    {
        if (_next < 0)
        {
            _next = seq;
        }
        long ext = _next + (short)(seq - (ushort)_next);
        if (ext < _next)
        {
            // Already given up on, or a duplicate; a jump this far back is a restarted sender.
            if (_next - ext < 1000)
            {
                return;
            }
            ReleaseAll(output);
            _next = ext;
        }
        if (ext == _next)
        {
            output.OnOrderedPacket(packet);
            _next++;
            Drain(output);
        }
        else if (ext - _next >= _capacity || packet.Length > MaxPacket)
        {
            ReleaseAll(output);
            GivenUp += Math.Max(0, ext - _next);
            _next = ext + 1;
            output.OnOrderedPacket(packet);
        }
        else
        {
            int slot = (int)(ext % _capacity);
            if (_slotSeq[slot] == ext)
            {
                return; // duplicate of a buffered packet
            }
            packet.CopyTo(_slots[slot]);
            _lengths[slot] = packet.Length;
            _slotSeq[slot] = ext;
            _arrivalMs[slot] = nowMs;
            _stored++;
            Reordered++;
            ReportMissing(ext, output);
        }
        Expire(nowMs, output);
    }

    /// <summary>Gives up on gaps that have waited too long; call it from a timer too.</summary>
    public void Expire(long nowMs, IReorderOutput output)
    {
        while (_stored > 0)
        {
            long oldest = long.MaxValue;
            long firstSeq = long.MaxValue;
            for (int i = 0; i < _capacity; i++)
            {
                if (_slotSeq[i] >= 0)
                {
                    oldest = Math.Min(oldest, _arrivalMs[i]);
                    firstSeq = Math.Min(firstSeq, _slotSeq[i]);
                }
            }
            if (nowMs - oldest < _maxWaitMs)
            {
                return;
            }
            GivenUp += firstSeq - _next;
            _next = firstSeq;
            Drain(output);
        }
    }

    private void ReportMissing(long upTo, IReorderOutput output)
    {
        long first = Math.Max(_next, _nackedUpTo + 1);
        while (first < upTo)
        {
            if (_slotSeq[(int)(first % _capacity)] == first)
            {
                first++;
                continue;
            }
            ushort mask = 0;
            for (int i = 1; i <= 16 && first + i < upTo; i++)
            {
                if (_slotSeq[(int)((first + i) % _capacity)] != first + i)
                {
                    mask |= (ushort)(1 << (i - 1));
                }
            }
            output.OnMissing((ushort)first, mask);
            first += 17;
        }
        _nackedUpTo = Math.Max(_nackedUpTo, upTo - 1);
    }

    private void Drain(IReorderOutput output)
    {
        while (_stored > 0)
        {
            int slot = (int)(_next % _capacity);
            if (_slotSeq[slot] != _next)
            {
                return;
            }
            _slotSeq[slot] = -1;
            _stored--;
            output.OnOrderedPacket(_slots[slot].AsSpan(0, _lengths[slot]));
            _next++;
        }
    }

    private void ReleaseAll(IReorderOutput output)
    {
        while (_stored > 0)
        {
            long first = long.MaxValue;
            for (int i = 0; i < _capacity; i++)
            {
                if (_slotSeq[i] >= 0)
                {
                    first = Math.Min(first, _slotSeq[i]);
                }
            }
            GivenUp += first - _next;
            _next = first;
            Drain(output);
        }
    }
}

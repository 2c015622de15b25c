namespace Stagecast.Media.Rtp;

/// <summary>Per-SSRC reception counters for receiver reports (RFC 3550 §6.4.1, Appendix A.3, A.8).</summary>
public sealed class ReceiveStatistics
{
    private int _baseSeq = -1;
    private long _maxExtSeq;
    private long _received;
    private long _expectedPrior;
    private long _receivedPrior;
    private double _jitter;
    private long _lastTransit;
    private bool _haveTransit;
    private int _cycles;
    private ushort _maxSeq;

    public uint Ssrc { get; init; }
    public int ClockRate { get; init; }
    public long Received => _received;
    public long ExtendedHighestSequence => _maxExtSeq;
    public long Expected => _baseSeq < 0 ? 0 : _maxExtSeq - _baseSeq + 1;
    public long Lost => Math.Max(0, Expected - _received);
    public uint Jitter => (uint)_jitter;

    /// <summary>Middle 32 bits of the NTP time of the last SR and when it arrived, for LSR/DLSR.</summary>
    public uint LastSrNtpMiddle { get; set; }
    public long LastSrReceivedTicks { get; set; }

    /// <summary>Counts one packet; returns the number of sequence numbers skipped before it (0 when in order).</summary>
    public int Update(ushort seq, uint rtpTimestamp, long arrivalTicks)
    {
        int gap = 0;
        if (_baseSeq < 0)
        {
            _baseSeq = seq;
            _maxSeq = seq;
            _maxExtSeq = seq;
        }
        else
        {
            int delta = (ushort)(seq - _maxSeq);
            if (delta > 0 && delta < 0x8000)
            {
                if (seq < _maxSeq)
                {
                    _cycles++;
                }
                gap = delta - 1;
                _maxSeq = seq;
                _maxExtSeq = ((long)_cycles << 16) + seq;
            }
        }
        _received++;
        if (ClockRate > 0)
        {
            // A.8: interarrival jitter in timestamp units.
            long arrival = arrivalTicks * ClockRate / TimeSpan.TicksPerSecond;
            long transit = arrival - rtpTimestamp;
            if (_haveTransit)
            {
                long d = Math.Abs(transit - _lastTransit);
                _jitter += (d - _jitter) / 16.0;
            }
            _lastTransit = transit;
            _haveTransit = true;
        }
        return gap;
    }

    /// <summary>Fraction lost since the last report (8-bit fixed point) and cumulative lost (A.3).</summary>
    public (byte Fraction, int Cumulative) TakeLoss()
    {
        long expected = Expected;
        long expectedInterval = expected - _expectedPrior;
        long receivedInterval = _received - _receivedPrior;
        _expectedPrior = expected;
        _receivedPrior = _received;
        long lostInterval = expectedInterval - receivedInterval;
        byte fraction = expectedInterval == 0 || lostInterval <= 0 ? (byte)0 : (byte)Math.Min(255, (lostInterval << 8) / expectedInterval);
        int cumulative = (int)Math.Clamp(expected - _received, -0x800000, 0x7FFFFF);
        return (fraction, cumulative);
    }
}

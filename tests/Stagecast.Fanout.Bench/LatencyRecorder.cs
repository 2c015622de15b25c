using System.Diagnostics;

namespace Stagecast.Fanout.Bench;

/// <summary>Delivery latencies in 0.1 ms buckets up to 10 s, from a Stopwatch timestamp taken by the sender (same process).</summary>
public sealed class LatencyRecorder
{
    private readonly long[] _buckets = new long[100_001];
    private long _count;
    private volatile bool _recording;

    public long Count => Interlocked.Read(ref _count);

    public void Start()
    {
        Array.Clear(_buckets);
        Interlocked.Exchange(ref _count, 0);
        _recording = true;
    }

    public void Stop() => _recording = false;

    public void Add(long sentTicks)
    {
        if (!_recording)
        {
            return;
        }
        var tenthsOfMs = (long)(Stopwatch.GetElapsedTime(sentTicks).TotalMilliseconds * 10);
        Interlocked.Increment(ref _buckets[Math.Clamp(tenthsOfMs, 0, _buckets.Length - 1)]);
        Interlocked.Increment(ref _count);
    }

    /// <summary>The latency in milliseconds below which the fraction <paramref name="p"/> of deliveries fell.</summary>
    public double Percentile(double p)
    {
        var target = (long)Math.Ceiling(Count * p);
        long seen = 0;
        for (var i = 0; i < _buckets.Length; i++)
        {
            seen += _buckets[i];
            if (seen >= target && target > 0)
            {
                return i / 10.0;
            }
        }
        return double.NaN;
    }
}

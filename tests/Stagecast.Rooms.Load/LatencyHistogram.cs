namespace Stagecast.Rooms.Load;

/// <summary>Millisecond buckets up to 60 s, safe to add to from many threads.</summary>
public sealed class LatencyHistogram
{
    private readonly long[] _buckets = new long[60_001];
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void Add(long ms, long times = 1)
    {
        Interlocked.Add(ref _buckets[Math.Clamp(ms, 0, _buckets.Length - 1)], times);
        Interlocked.Add(ref _count, times);
    }

    public long Percentile(double p)
    {
        var target = (long)Math.Ceiling(Count * p);
        long seen = 0;
        for (var i = 0; i < _buckets.Length; i++)
        {
            seen += Interlocked.Read(ref _buckets[i]);
            if (seen >= target && target > 0)
            {
                return i;
            }
        }
        return -1;
    }

    public void Reset()
    {
        Array.Clear(_buckets);
        Interlocked.Exchange(ref _count, 0);
    }
}

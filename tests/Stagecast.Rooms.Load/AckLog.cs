namespace Stagecast.Rooms.Load;

/// <summary>
/// The gifts acknowledged into one side of a match, in the order their acknowledgements arrived: when (ms on the
/// tool's clock) and the side's acknowledged coins so far. Every acknowledged gift is durable in the ledger, so a
/// score read after entry i's time is at least entry i's total: a viewer has seen gift i once it holds a score
/// of at least that total, received after that time. Appended under a lock, read without one by the epoll thread.
/// </summary>
public sealed class AckLog(int capacity)
{
    private readonly long[] _at = new long[capacity];
    private readonly long[] _total = new long[capacity];
    private readonly Lock _gate = new();
    private int _count;
    private long _coins;

    public long Coins => Interlocked.Read(ref _coins);

    public int Count => Volatile.Read(ref _count);

    public void Add(long at, long coins)
    {
        lock (_gate)
        {
            var n = _count;
            _coins += coins;
            if (n < _at.Length)
            {
                _at[n] = at;
                _total[n] = _coins;
                Volatile.Write(ref _count, n + 1);
            }
        }
    }

    /// <summary>
    /// Moves <paramref name="cursor"/> past every gift that a score of <paramref name="score"/> received at
    /// <paramref name="now"/> shows, adding each one's acknowledgement-to-seen time to <paramref name="latency"/>.
    /// </summary>
    public void Cover(ref int cursor, long score, long now, LatencyHistogram latency)
    {
        var count = Count;
        while (cursor < count && _total[cursor] <= score && _at[cursor] <= now)
        {
            latency.Add(now - _at[cursor]);
            cursor++;
        }
    }
}

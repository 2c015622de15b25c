namespace Stagecast.Rooms.Load;

/// <summary>One match-benchmark viewer: the last scores it received, and, when sampled, how far through each
/// side's acknowledged gifts it has seen (only the epoll thread writes).</summary>
public sealed class MatchViewer(bool sampled)
{
    private readonly long[] _last = [-1, -1];
    private readonly int[] _cursor = new int[2];

    public void Seen(ReadOnlySpan<long> scores, long now, AckLog[] logs, LatencyHistogram latency)
    {
        for (var side = 0; side < Math.Min(2, scores.Length); side++)
        {
            Volatile.Write(ref _last[side], scores[side]);
            if (sampled)
            {
                logs[side].Cover(ref _cursor[side], scores[side], now, latency);
            }
        }
    }

    public bool Shows(long[] scores) =>
        scores.Length == 2 && Volatile.Read(ref _last[0]) == scores[0] && Volatile.Read(ref _last[1]) == scores[1];
}

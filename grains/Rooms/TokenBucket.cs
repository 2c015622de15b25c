namespace Stagecast.Grains.Rooms;

/// <summary>A per-user rate limit: up to <c>capacity</c> at once, refilled at <c>perSecond</c>.</summary>
internal sealed class TokenBucket
{
    private readonly double _capacity;
    private readonly double _perSecond;
    private double _tokens;
    private long _last;

    public TokenBucket(double capacity, double perSecond, long nowMs)
    {
        _capacity = capacity;
        _perSecond = perSecond;
        _tokens = capacity;
        _last = nowMs;
    }

    public bool TryTake(long nowMs)
    {
        _tokens = Math.Min(_capacity, _tokens + (nowMs - _last) / 1000.0 * _perSecond);
        _last = nowMs;
        if (_tokens < 1)
        {
            return false;
        }
        _tokens -= 1;
        return true;
    }

    /// <summary>Full again, so the bucket can be forgotten.</summary>
    public bool IsIdle(long nowMs) => _tokens + (nowMs - _last) / 1000.0 * _perSecond >= _capacity;
}

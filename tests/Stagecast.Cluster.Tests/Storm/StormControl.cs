namespace Stagecast.Cluster.Tests.Storm;

/// <summary>
/// What the storm's clients share: where the gateway is now, whether it was killed, and a signal for its restart.
/// A client whose call failed after the kill parks until the restart, then retries the same request id.
/// </summary>
public sealed class StormControl(Uri baseAddress)
{
    private readonly TaskCompletionSource _restarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile Uri _baseAddress = baseAddress;
    private volatile bool _killed;
    private int _acknowledged;
    private int _parked;

    public Uri BaseAddress => _baseAddress;

    /// <summary>Gifts whose receipt a client received, over the whole run.</summary>
    public int Acknowledged => Volatile.Read(ref _acknowledged);

    /// <summary>Clients waiting for the restart after a failed call.</summary>
    public int Parked => Volatile.Read(ref _parked);

    public bool Killed => _killed;

    public void Acknowledge() => Interlocked.Increment(ref _acknowledged);

    /// <summary>Set just before the kill, so that every failure from then on waits for the restart.</summary>
    public void MarkKilled() => _killed = true;

    public void Restarted(Uri baseAddress)
    {
        _baseAddress = baseAddress;
        _restarted.TrySetResult();
    }

    /// <summary>After a failed call: waits for the restart when the gateway was killed, else backs off briefly.</summary>
    public async Task AfterFailureAsync()
    {
        if (!_killed)
        {
            await Task.Delay(200);
            if (!_killed)
            {
                return;
            }
        }
        if (_restarted.Task.IsCompleted)
        {
            return;
        }
        Interlocked.Increment(ref _parked);
        try
        {
            await _restarted.Task;
        }
        finally
        {
            Interlocked.Decrement(ref _parked);
        }
    }
}

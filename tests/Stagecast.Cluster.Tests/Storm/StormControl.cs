using System.Collections.Concurrent;

namespace Stagecast.Cluster.Tests.Storm;

/// <summary>
/// What the storm's clients share: where the gateway is now, the failures they saw, and a gate the test closes
/// around a kill. A client whose call failed while the gate is closed parks until the test resumes the storm, then
/// retries the same request id; otherwise it backs off briefly and retries.
/// </summary>
public sealed class StormControl(Uri baseAddress)
{
    private volatile Uri _baseAddress = baseAddress;
    private volatile TaskCompletionSource? _gate;
    private int _acknowledged;
    private int _parked;

    public Uri BaseAddress => _baseAddress;

    /// <summary>Gifts whose receipt a client received, over the whole run.</summary>
    public int Acknowledged => Volatile.Read(ref _acknowledged);

    /// <summary>Clients waiting for <see cref="Resume"/> after a failed call.</summary>
    public int Parked => Volatile.Read(ref _parked);

    /// <summary>Every failed call's error, as the client saw it.</summary>
    public ConcurrentQueue<string> Errors { get; } = new();

    public void Acknowledge() => Interlocked.Increment(ref _acknowledged);

    /// <summary>Closes the gate (just before a kill): every failure from then on waits for <see cref="Resume"/>.</summary>
    public void Park() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Resume(Uri baseAddress)
    {
        _baseAddress = baseAddress;
        var gate = _gate;
        _gate = null;
        gate?.TrySetResult();
    }

    public async Task AfterFailureAsync(Exception error)
    {
        Errors.Enqueue($"{error.GetType().Name}: {error.Message}");
        var gate = _gate;
        if (gate is null)
        {
            await Task.Delay(200);
            gate = _gate;
            if (gate is null)
            {
                return;
            }
        }
        Interlocked.Increment(ref _parked);
        try
        {
            await gate.Task;
        }
        finally
        {
            Interlocked.Decrement(ref _parked);
        }
    }
}

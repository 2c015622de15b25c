using System.Reflection;

namespace Stagecast.Gateway.Tests;

/// <summary>
/// Holds one request at a chosen point to make a race happen in a set order: once armed, the first grain call to
/// <c>method</c> on the grain keyed <c>key</c> completes normally, then its caller waits until the test releases it.
/// Registered as the embedded silo's outgoing call filter; every other call passes untouched.
/// </summary>
internal sealed class CallGate : IOutgoingGrainCallFilter
{
    private readonly object _lock = new();
    private (MethodInfo Method, string Key)? _armed;
    private TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Arm(MethodInfo method, string key)
    {
        lock (_lock)
        {
            _armed = (method, key);
            _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
            _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Completes when the armed call has returned and its caller is held.</summary>
    public Task Reached => _reached.Task;

    public void Release() => _release.TrySetResult();

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        await context.Invoke();
        Task? hold = null;
        lock (_lock)
        {
            if (_armed is { } armed && context.InterfaceMethod?.Name == armed.Method.Name
                && context.InterfaceMethod.DeclaringType == armed.Method.DeclaringType && context.TargetId.Key.ToString() == armed.Key)
            {
                _armed = null;
                _reached.TrySetResult();
                hold = _release.Task;
            }
        }
        if (hold is not null)
        {
            await hold.WaitAsync(TimeSpan.FromSeconds(60));
        }
    }
}

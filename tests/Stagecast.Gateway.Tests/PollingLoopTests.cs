using Microsoft.Extensions.Logging.Abstractions;
using Stagecast.Gateway.Hosting;

namespace Stagecast.Gateway.Tests;

/// <summary>
/// The feed and video-status pushes read the cluster in a loop; a round that throws must not end the loop (an escaped
/// exception ends the service and, by the host's default, stops the gateway).
/// </summary>
public sealed class PollingLoopTests
{
    [Fact]
    public async Task A_round_that_throws_anything_is_followed_by_the_next_and_the_loop_ends_only_when_stopped()
    {
        Exception[] faults = [new InvalidOperationException("a grain's own error"), new TimeoutException(), new OrleansException("failing over"), new ArgumentException("bad data")];
        var rounds = 0;
        using var stop = new CancellationTokenSource();
        var loop = PollingLoop.RunAsync(TimeSpan.FromMilliseconds(10), () =>
        {
            var n = Interlocked.Increment(ref rounds);
            return n <= faults.Length ? Task.FromException(faults[n - 1]) : Task.CompletedTask;
        }, NullLogger.Instance, "test", stop.Token);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Volatile.Read(ref rounds) < faults.Length + 2 && !loop.IsCompleted && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
        Assert.False(loop.IsCompleted, $"the loop ended after {rounds} rounds: {loop.Exception?.InnerException?.Message}");
        Assert.True(rounds >= faults.Length + 2, $"{rounds} rounds");

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop);
    }
}

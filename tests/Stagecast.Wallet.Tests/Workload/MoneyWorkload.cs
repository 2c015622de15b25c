using Xunit.Sdk;

namespace Stagecast.Wallet.Tests.Workload;

/// <summary>One party of the money workload: runs its pending operation again (same ids) or a new random one.</summary>
public interface IMoneyActor
{
    Task StepAsync(IGrainFactory grains);
}

/// <summary>
/// The workload's rounds: the actors run operations until the round's share of <paramref name="ops"/> is answered;
/// between rounds, somewhere in the second half of each, the server is stopped with calls in flight (by the caller's
/// <c>stop</c>: a dispose in-process, or kill -9 of a child process) and started again on the same data. An operation
/// cut off by the stop stays pending in its actor and is retried with its ids after the start.
/// </summary>
public sealed class MoneyWorkload(int ops, int faults, Random random, IReadOnlyList<IMoneyActor> actors)
{
    private int _answered;
    private int _interrupted;

    public int Answered => _answered;

    public int Interrupted => _interrupted;

    /// <summary>A size from the environment (MONEY_WORKLOAD_OPS and the like), else the suite's default.</summary>
    public static int Setting(string name, int fallback) => int.TryParse(Environment.GetEnvironmentVariable(name), out var v) ? v : fallback;

    /// <summary>Runs every round; returns the grain factory of the last start, for the checks.</summary>
    public async Task<IGrainFactory> RunAsync(Func<Task<IGrainFactory>> start, Func<Task> stop)
    {
        var grains = await start();
        for (var round = 0; round <= faults; round++)
        {
            var target = (long)ops * (round + 1) / (faults + 1);
            var last = round == faults;
            var current = grains;
            var running = actors.Select(a => Task.Run(async () =>
            {
                while (Volatile.Read(ref _answered) < target)
                {
                    try
                    {
                        await a.StepAsync(current).WaitAsync(TimeSpan.FromSeconds(60));
                        Interlocked.Increment(ref _answered);
                    }
                    catch (Exception ex) when (ex is not XunitException && !last)
                    {
                        Interlocked.Increment(ref _interrupted);
                        return; // cut off by the stop: the operation stays pending and is retried with its ids
                    }
                }
            })).ToArray();
            if (last)
            {
                await Task.WhenAll(running);
                break;
            }
            var at = target - (long)ops / (faults + 1) / 2 + random.Next(Math.Max(1, ops / (faults + 1) / 2));
            while (Volatile.Read(ref _answered) < at && !running.All(t => t.IsCompleted))
            {
                await Task.Delay(5);
            }
            await stop();
            await Task.WhenAll(running);
            grains = await start();
        }
        return grains;
    }
}

namespace Stagecast.Gateway.Hosting;

/// <summary>
/// The loop of a gateway service that reads the cluster on a timer (feed pushes, video status pushes). A round that
/// fails is logged and the next one runs: a failing-over cluster (timeouts, Orleans errors) is expected and logged at
/// debug; anything else (a grain's own error, a serialization or hub fault) at warning. Before, those services let any
/// other exception out of the loop, which ends the service and, by the host's default, stops the whole gateway.
/// </summary>
public static class PollingLoop
{
    public static async Task RunAsync(TimeSpan every, Func<Task> round, ILogger logger, string what, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(every);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await round();
            }
            catch (Exception e) when (e is TimeoutException or OrleansException)
            {
                logger.LogDebug(e, "{What} round skipped", what);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "{What} round failed; the next one runs as usual", what);
            }
        }
    }
}

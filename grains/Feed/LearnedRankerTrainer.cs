using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Stagecast.Grains.Feed;

/// <summary>Retrains the silo's <see cref="LearnedRanker"/> on a schedule (Feed:RetrainMinutes), off the grains' threads.</summary>
public sealed class LearnedRankerTrainer(LearnedRanker ranker, IOptions<LearnedRankerOptions> options, ILogger<LearnedRankerTrainer> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(Math.Clamp(options.Value.RetrainMinutes, 0.05, 24 * 60)));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await Task.Run(ranker.Train, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The previous model (or the hand-written scorer) stays in use.
                logger.LogWarning(e, "Feed ranker training failed");
            }
        }
    }
}

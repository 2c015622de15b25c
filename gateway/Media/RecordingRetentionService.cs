using Stagecast.Media.Hls;

namespace Stagecast.Gateway.Media;

/// <summary>
/// The periodic recording retention job: every Hls:RetentionSweepSeconds it deletes this gateway's recordings
/// past Hls:RecordingRetentionDays and, oldest first, beyond Hls:RecordingMaxGigabytes. Idle when neither is set.
/// </summary>
public sealed class RecordingRetentionService(HlsRoomStore store, ILogger<RecordingRetentionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = store.Options;
        if (!options.RecordingEnabled || (options.RecordingRetentionDays <= 0 && options.RecordingMaxGigabytes <= 0)) return;

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.RetentionSweepSeconds)));
        do
        {
            try
            {
                var result = await Task.Run(store.SweepRecordings, stoppingToken);
                if (result.Deleted > 0)
                {
                    logger.LogInformation("Recording retention deleted {Deleted} recordings ({BytesFreed} bytes); {Kept} kept ({BytesKept} bytes)",
                        result.Deleted, result.BytesFreed, result.Kept, result.BytesKept);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning(e, "Recording retention sweep failed; trying again at the next interval");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

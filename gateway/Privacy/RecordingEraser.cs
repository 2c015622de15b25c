using Microsoft.Extensions.Options;
using Stagecast.Contracts.Privacy;
using Stagecast.Media.Hls;

namespace Stagecast.Gateway.Privacy;

/// <summary>
/// Deletes recordings of deleted accounts' rooms from this gateway's recording directory. The gateway that answers
/// <c>DELETE /api/me</c> deletes its own at once; every gateway (that one included) also reads the cluster's
/// <see cref="IRecordingErasureGrain"/> every "Stagecast:Privacy:RecordingSweepSeconds" (default 5) and deletes what
/// it holds, so recordings on any gateway's disk go, like the per-gateway key and session checks.
/// </summary>
public sealed class RecordingEraser(IGrainFactory grains, IOptions<HlsOptions> hls, PrivacyOptions options, ILogger<RecordingEraser> logger)
    : BackgroundService
{
    private long _position;

    /// <summary>Deletes the recordings of these rooms held on this gateway; the count of rooms whose recordings were here.</summary>
    public int DeleteLocal(IEnumerable<string> roomIds)
    {
        if (!hls.Value.RecordingEnabled)
        {
            return 0;
        }
        var root = Path.GetFullPath(hls.Value.RecordingDirectory);
        var deleted = 0;
        foreach (var roomId in roomIds)
        {
            var directory = Path.Combine(root, HlsRoomStore.SafeName(roomId));
            try
            {
                if (Directory.Exists(directory))
                {
                    Directory.Delete(directory, recursive: true);
                    deleted++;
                    logger.LogInformation("Recording of room {RoomId} deleted (its host deleted the account)", roomId);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning(e, "Recording of room {RoomId} could not be deleted", roomId);
            }
        }
        return deleted;
    }

    /// <summary>One sweep: the rooms listed since the last sweep.</summary>
    public async Task SweepAsync()
    {
        var list = await grains.GetGrain<IRecordingErasureGrain>(0).Since(_position);
        DeleteLocal(list.RoomIds);
        _position = list.Position;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!hls.Value.RecordingEnabled)
        {
            return;
        }
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(0.1, options.RecordingSweepSeconds)));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The cluster may be failing over: the next tick asks again from the same position.
                logger.LogWarning(e, "Could not read the recordings to delete");
            }
        }
    }
}

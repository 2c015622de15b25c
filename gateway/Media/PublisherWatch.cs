using Stagecast.Media.Whip;

namespace Stagecast.Gateway.Media;

/// <summary>
/// Cuts off publishers whose credential no longer holds. Every <see cref="PublisherWatchOptions.Interval"/> each WHIP
/// session on this gateway has its stream key re-checked with the room; a room that ended (host, moderator, operator,
/// a banned host) or whose key was rotated refuses it, and the session is closed here, on whichever gateway holds it.
/// Closing the session ends the live playlist (EXT-X-ENDLIST) like a publisher's own DELETE.
/// </summary>
public sealed class PublisherWatch(
    WhipIngest ingest,
    PublisherWatchOptions options,
    IServiceProvider services,
    ILogger<PublisherWatch> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (ingest.RunningServer is not { } server || services.GetService<IRoomMediaAuthority>() is not { } authority)
            {
                continue;
            }
            foreach (var session in server.Sessions.ToArray())
            {
                await CheckAsync(server, authority, session, stoppingToken);
            }
        }
    }

    private async Task CheckAsync(IngestServer server, IRoomMediaAuthority authority, WhipSession session, CancellationToken ct)
    {
        if (ingest.KeyOf(session.Id) is not { } key)
        {
            return;
        }
        try
        {
            if (!await authority.IsValidStreamKeyAsync(session.RoomId, key, ct) && server.EndSession(session.Id, WhipEndReason.Revoked))
            {
                logger.LogInformation("WHIP session {SessionId} of room {RoomId} closed: its stream key no longer holds", session.Id, session.RoomId);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A silo that cannot answer now is no reason to cut a live; the next round asks again.
            logger.LogWarning(e, "Could not re-check the stream key of room {RoomId}", session.RoomId);
        }
    }
}

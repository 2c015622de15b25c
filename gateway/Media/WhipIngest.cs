using Stagecast.Media.AccessUnits;
using Stagecast.Media.Whip;

namespace Stagecast.Gateway.Media;

/// <summary>
/// Owns this node's <see cref="IngestServer"/>: starts its sockets on first use (so a gateway that never
/// takes WHIP binds no UDP port) and tells the rooms when a publisher's media starts and stops.
/// </summary>
public sealed class WhipIngest(IngestOptions options, ILiveOutputFactory outputs, IServiceProvider services, ILogger<WhipIngest> logger)
    : IHostedService, IDisposable
{
    private readonly object _gate = new();
    private IngestServer? _server;
    private CancellationTokenSource _stopping = new();

    /// <summary>The server if it has been started (no UDP socket is opened just to look).</summary>
    public IngestServer? RunningServer
    {
        get
        {
            lock (_gate)
            {
                return _server;
            }
        }
    }

    /// <summary>The running server, started now if need be. Throws when the UDP sockets cannot be opened.</summary>
    public IngestServer Server
    {
        get
        {
            lock (_gate)
            {
                if (_server is not null)
                {
                    return _server;
                }
                var server = new IngestServer(options, outputs);
                server.MediaStarted += OnMediaStarted;
                server.SessionEnded += OnSessionEnded;
                try
                {
                    server.Start();
                }
                catch
                {
                    server.Dispose();
                    throw;
                }
                logger.LogInformation("WHIP ingest listening on UDP {EndPoints}", string.Join(", ", server.LocalEndPoints));
                _server = server;
                return server;
            }
        }
    }

    private IRoomMediaAuthority? Authority => services.GetService<IRoomMediaAuthority>();

    private async void OnMediaStarted(WhipSession session)
    {
        logger.LogInformation("WHIP media started in room {RoomId} (session {SessionId})", session.RoomId, session.Id);
        try
        {
            if (Authority is { } authority)
            {
                await authority.MediaStartedAsync(session.RoomId, _stopping.Token);
            }
        }
        catch (Exception e)
        {
            logger.LogError(e, "Could not report media start for room {RoomId}", session.RoomId);
        }
    }

    private async void OnSessionEnded(WhipSession session, WhipEndReason reason)
    {
        var health = session.Health;
        logger.LogInformation("WHIP session {SessionId} of room {RoomId} ended: {Reason} ({Frames} frames, {Lost} packets lost, {AuthFailures} SRTP auth failures)",
            session.Id, session.RoomId, reason, health.VideoFrames, health.PacketsLost, health.SrtpAuthFailures);
        if (health.MediaStartedAt is null)
        {
            return; // no media ever flowed: the room never went live from this session
        }
        try
        {
            if (Authority is { } authority)
            {
                await authority.MediaEndedAsync(session.RoomId, CancellationToken.None);
            }
        }
        catch (Exception e)
        {
            logger.LogError(e, "Could not report media end for room {RoomId}", session.RoomId);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        lock (_gate)
        {
            _server?.Dispose();
            _server = null;
        }
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _server?.Dispose();
        _stopping.Dispose();
    }
}

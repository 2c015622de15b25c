using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
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
    private readonly ConcurrentDictionary<string, string> _keys = new(StringComparer.Ordinal);
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

    /// <summary>Remembers the stream key a session was opened with: DELETE and PATCH must present it, and the watch re-checks it.</summary>
    public void Remember(string sessionId, string streamKey) => _keys[sessionId] = streamKey;

    /// <summary>The stream key the session was opened with, or null for an unknown session.</summary>
    public string? KeyOf(string sessionId) => _keys.TryGetValue(sessionId, out var key) ? key : null;

    /// <summary>True when <paramref name="presented"/> is the key the session was opened with (compared in constant time).</summary>
    public bool KeyMatches(string sessionId, string? presented) =>
        presented is not null && KeyOf(sessionId) is { } key
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(presented));

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
        _keys.TryRemove(session.Id, out _);
        var health = session.Health;
        logger.LogInformation("WHIP session {SessionId} of room {RoomId} ended: {Reason} ({Frames} frames, {Lost} packets lost, {AuthFailures} SRTP auth failures)",
            session.Id, session.RoomId, reason, health.VideoFrames, health.PacketsLost, health.SrtpAuthFailures);
        if (health.MediaStartedAt is null)
        {
            // No media ever flowed: the room never went live from this session, and the owner record made for its
            // answer (WhipSessionForwarder.ClaimAsync) is taken back, since no packager will clear it.
            try
            {
                if (services.GetService<WhipSessionForwarder>() is { } forwarder)
                {
                    var rtmp = services.GetService<RtmpIngest>();
                    await forwarder.ReleaseAsync(session.RoomId,
                        () => RunningServer?.GetSessionForRoom(session.RoomId) is not null || rtmp?.IsPublishing(session.RoomId) == true);
                }
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Could not take back the owner record of room {RoomId}", session.RoomId);
            }
            return;
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

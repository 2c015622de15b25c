using System.Net;
using Stagecast.Media.AccessUnits;
using Stagecast.Media.Rtmp;

namespace Stagecast.Gateway.Media;

/// <summary>
/// Owns this node's <see cref="RtmpServer"/> (off when <c>Stagecast:Rtmp:Port</c> is 0) and answers its
/// questions with the same room authority WHIP uses: the stream key's room prefix names the room, the room grain
/// checks the key, one publisher per room across WHIP and RTMP, and a key that stops being valid (room ended,
/// key rotated) cuts the publisher at the next re-check.
/// </summary>
public sealed class RtmpIngest(RtmpOptions options, ILiveOutputFactory outputs, WhipIngest whip, IServiceProvider services, ILogger<RtmpIngest> logger)
    : IHostedService, IRtmpPublishHandler, IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();

    public RtmpServer? Server { get; private set; }

    /// <summary>The URL encoders publish to (the key is the stream name), or null when RTMP is off.</summary>
    public string? PublicUrl(string host) =>
        Server?.LocalEndPoint is { } endPoint ? $"rtmp://{host}:{endPoint.Port}/{options.Application}" : null;

    /// <summary>Whether a room has an RTMP publisher on this node.</summary>
    public bool IsPublishing(string roomId) => Server?.Rooms.IsPublishing(roomId) == true;

    private IRoomMediaAuthority? Authority => services.GetService<IRoomMediaAuthority>();

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Port == 0 && !options.BindAnyPort) return Task.CompletedTask;
        var server = new RtmpServer(options, this, outputs, logger);
        try
        {
            server.Start();
        }
        catch (System.Net.Sockets.SocketException e)
        {
            // Another process holds the port (a second gateway on one host): the node runs without RTMP.
            logger.LogError(e, "RTMP ingest could not listen on {Address}:{Port}; RTMP is off on this node", options.BindAddress, options.Port);
            return Task.CompletedTask;
        }

        Server = server;
        logger.LogInformation("RTMP ingest listening on {EndPoint}", server.LocalEndPoint);
        return Task.CompletedTask;
    }

    public async ValueTask<RtmpAdmission> AdmitAsync(string streamKey, EndPoint? remote, CancellationToken ct)
    {
        if (Authority is not { } authority) return new RtmpAdmission(RtmpAdmissionStatus.Unavailable);
        var dot = streamKey.IndexOf('.');
        var roomId = dot > 0 ? streamKey[..dot] : "";
        if (roomId.Length == 0 || !await authority.IsValidStreamKeyAsync(roomId, streamKey, ct))
        {
            logger.LogWarning("RTMP publish from {Remote} refused: wrong stream key (room prefix {RoomId})", remote, roomId.Length > 64 ? roomId[..64] : roomId);
            return new RtmpAdmission(RtmpAdmissionStatus.BadKey);
        }

        return whip.RunningServer?.GetSessionForRoom(roomId) is not null
            ? new RtmpAdmission(RtmpAdmissionStatus.Busy, roomId)
            : new RtmpAdmission(RtmpAdmissionStatus.Accepted, roomId);
    }

    public async ValueTask<bool> IsStillAllowedAsync(string roomId, string streamKey, CancellationToken ct) =>
        Authority is not { } authority || await authority.IsValidStreamKeyAsync(roomId, streamKey, ct);

    public void OnMediaStarted(string roomId) => _ = ReportAsync(roomId, started: true);

    public void OnPublishEnded(string roomId, bool mediaStarted)
    {
        if (mediaStarted) _ = ReportAsync(roomId, started: false);
    }

    private async Task ReportAsync(string roomId, bool started)
    {
        try
        {
            if (Authority is not { } authority) return;
            if (started) await authority.MediaStartedAsync(roomId, _stopping.Token);
            else await authority.MediaEndedAsync(roomId, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Could not report RTMP media {Change} for room {RoomId}", started ? "start" : "end", roomId);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (Server is { } server) await server.DisposeAsync();
        Server = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (Server is { } server) await server.DisposeAsync();
        _stopping.Dispose();
    }
}

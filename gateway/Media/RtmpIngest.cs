using System.Net;
using Stagecast.Media.AccessUnits;
using Stagecast.Media.Rtmp;

namespace Stagecast.Gateway.Media;

/// <summary>
/// Owns this node's <see cref="RtmpServer"/> (off when <c>Stagecast:Rtmp:Port</c> is 0) and answers its
/// questions with the same room authority WHIP uses: the stream key's room prefix names the room, the room grain
/// checks the key, one publisher per room across WHIP and RTMP, and a key that stops being valid (room ended,
/// key rotated) cuts the publisher at the next re-check. With <c>Stagecast:Rtmp:TlsPort</c> and a certificate it also
/// runs the RTMPS listener (<see cref="TlsServer"/>), which shares the room registry with the plain one.
/// </summary>
public sealed class RtmpIngest(RtmpOptions options, ILiveOutputFactory outputs, WhipIngest whip, IServiceProvider services, ILogger<RtmpIngest> logger)
    : IHostedService, IRtmpPublishHandler, IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();

    private readonly RtmpRoomRegistry _rooms = new();

    private RtmpWhepOutputs? _whepOutputs;

    public RtmpServer? Server { get; private set; }

    /// <summary>The RTMPS listener, or null when RTMPS is off.</summary>
    public RtmpServer? TlsServer { get; private set; }

    /// <summary>The URL encoders publish to (the key is the stream name), or null when RTMP is off.</summary>
    public string? PublicUrl(string host) =>
        Server?.LocalEndPoint is { } endPoint ? $"rtmp://{host}:{endPoint.Port}/{options.Application}" : null;

    /// <summary>The RTMPS URL, or null when RTMPS is off.</summary>
    public string? PublicTlsUrl(string host) =>
        TlsServer?.LocalEndPoint is { } endPoint ? $"rtmps://{host}:{endPoint.Port}/{options.Application}" : null;

    /// <summary>Whether the room's RTMP encoder sends B-frames: WebRTC players cannot show them, so no WHEP for it.</summary>
    public bool SendsBFrames(string roomId) => _whepOutputs?.SendsBFrames(roomId) == true;

    /// <summary>Whether the room's AAC is being transcoded to Opus for WHEP viewers now (none of them takes audio: no).</summary>
    public bool TranscodesAudio(string roomId) => _whepOutputs?.TranscodesAudio(roomId) == true;

    /// <summary>Whether WHEP viewers of RTMP rooms get sound (AAC transcoded to Opus).</summary>
    public bool WhepAudio => options.WhepAudio;

    /// <summary>Whether a room has an RTMP or RTMPS publisher on this node.</summary>
    public bool IsPublishing(string roomId) => _rooms.IsPublishing(roomId);

    private IRoomMediaAuthority? Authority => services.GetService<IRoomMediaAuthority>();

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Port != 0 || options.BindAnyPort) Server = Listen(null, "RTMP", options.Port);
        if (options.TlsEnabled)
        {
            try
            {
                TlsServer = Listen(RtmpCertificate.Load(options), "RTMPS", options.TlsPort);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException
                                           or System.Security.Cryptography.CryptographicException or ArgumentException)
            {
                logger.LogError("RTMPS certificate {Path} could not be loaded ({Reason}); RTMPS is off on this node", options.CertificatePath, e.Message);
            }
        }

        return Task.CompletedTask;
    }

    private RtmpServer? Listen(System.Security.Cryptography.X509Certificates.X509Certificate2? certificate, string name, int port)
    {
        var ffmpeg = options.WhepAudio ? services.GetService<Microsoft.Extensions.Options.IOptions<Stagecast.Media.Hls.HlsOptions>>()?.Value.FfmpegPath ?? "/usr/bin/ffmpeg" : null;
        _whepOutputs ??= new RtmpWhepOutputs(outputs, whip, ffmpeg);
        var server = new RtmpServer(options, this, _whepOutputs, logger, _rooms, certificate);
        try
        {
            server.Start();
        }
        catch (System.Net.Sockets.SocketException e)
        {
            // Another process holds the port (a second gateway on one host): the node runs without it. One line that
            // says what to change, no stack trace (an operator following README "Cluster mode" saw one here).
            logger.LogError("{Name} ingest could not listen on {Address}:{Port} ({Error}); {Name} is off on this node. Give each gateway on one host its own port (Stagecast:Rtmp:Port, Stagecast:Rtmp:TlsPort)",
                name, options.BindAddress, port, e.SocketErrorCode, name);
            return null;
        }

        logger.LogInformation("{Name} ingest listening on {EndPoint}", name, server.LocalEndPoint);
        return server;
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
        await StopServersAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopServersAsync();
        _stopping.Dispose();
    }

    private async Task StopServersAsync()
    {
        if (Server is { } server) await server.DisposeAsync();
        if (TlsServer is { } tls) await tls.DisposeAsync();
        Server = null;
        TlsServer = null;
    }
}

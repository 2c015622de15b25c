// Kept whole (about 15 KB): one publisher's connection state machine (handshake, chunk stream, the publish command
// sequence, key revalidation, cut) runs on one read loop that owns every field; the wire formats (chunks, AMF0, FLV,
// replies) already live in their own files beside it.
using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using Microsoft.Extensions.Logging;
using Stagecast.Media.AccessUnits;

namespace Stagecast.Media.Rtmp;

/// <summary>
/// One RTMP client on a byte stream: handshake, chunk stream, acknowledgements and the publish command
/// sequence (connect, releaseStream, FCPublish, createStream, publish, FCUnpublish, deleteStream). Once the key
/// is admitted, FLV audio and video go through <see cref="FlvDemuxer"/> into the room's live output. Everything
/// the sink sees comes from the read loop, one call at a time, in order.
/// </summary>
public sealed class RtmpConnection(
    Stream stream, EndPoint? remote, RtmpOptions options, IRtmpPublishHandler handler, ILiveOutputFactory outputs,
    RtmpRoomRegistry rooms, ILogger logger, Func<DateTimeOffset>? clock = null,
    System.Net.Security.SslServerAuthenticationOptions? tls = null) : IRtmpMessageHandler
{
    private readonly RtmpChunkReader _reader = new(options.MaxMessageSize);
    private readonly RtmpChunkWriter _writer = new();
    private readonly ArrayBufferWriter<byte> _out = new(8192);
    private readonly Func<DateTimeOffset> _clock = clock ?? (() => DateTimeOffset.UtcNow);
    private readonly CancellationTokenSource _cut = new();
    private string? _pendingPublish;
    private double _pendingTransaction;
    private uint _pendingStreamId;
    private uint _nextStreamId = 1;
    private IAccessUnitSink? _sink;
    private FlvDemuxer? _demuxer;
    private long _received;
    private long _acknowledged;
    private uint _ackWindow = RtmpReplies.Bandwidth;
    private bool _closeAfterFlush;
    private bool _tlsDone;

    public EndPoint? Remote => remote;

    public string? RoomId { get; private set; }

    public string? StreamKey { get; private set; }

    public bool Publishing { get; private set; }

    /// <summary>Why the connection ended (null while it runs or after a clean close by the client).</summary>
    public string? CloseReason { get; private set; }

    public FlvDemuxer? Demuxer => _demuxer;

    /// <summary>Closes the connection from outside (room ended, key rotated, shutdown).</summary>
    public void Cut(string reason)
    {
        CloseReason ??= reason;
        try
        {
            _cut.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public async Task RunAsync(CancellationToken ct)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, _cut.Token);
        using var read = CancellationTokenSource.CreateLinkedTokenSource(linked.Token);
        linked.CancelAfter(options.PublishDeadline);
        var token = linked.Token;
        Task? revalidation = null;
        try
        {
            if (tls is not null) await AuthenticateAsync((System.Net.Security.SslStream)stream, tls, read);
            var buffer = new byte[64 * 1024];
            await ReadExactlyAsync(buffer.AsMemory(0, RtmpHandshake.ClientHelloSize), read);
            var hello = new byte[RtmpHandshake.ServerHelloSize];
            RtmpHandshake.WriteServerHello(buffer.AsSpan(0, RtmpHandshake.ClientHelloSize), hello, (uint)Environment.TickCount);
            await stream.WriteAsync(hello, token);
            await ReadExactlyAsync(buffer.AsMemory(0, RtmpHandshake.PacketSize), read); // C2: not checked (FFmpeg sends a digest, not an echo)
            revalidation = RevalidateAsync(linked);

            var filled = 0;
            while (!_closeAfterFlush)
            {
                read.CancelAfter(options.ReadTimeout);
                var n = await stream.ReadAsync(buffer.AsMemory(filled), read.Token);
                if (n == 0) break;
                _received += n;
                filled += n;
                var offset = 0;
                while (true)
                {
                    offset += _reader.Read(buffer.AsSpan(offset, filled - offset), this);
                    if (_pendingPublish is null || _closeAfterFlush) break;
                    await PublishAsync(linked, token);
                }

                if (filled - offset >= buffer.Length - RtmpChunkReader.MaxHeaderSize) throw new RtmpProtocolException("Chunk header larger than possible.");
                buffer.AsSpan(offset, filled - offset).CopyTo(buffer);
                filled -= offset;
                if (_received - _acknowledged >= _ackWindow)
                {
                    _acknowledged = _received;
                    RtmpReplies.Control(_writer, _out, RtmpMessageType.Acknowledgement, (uint)_received);
                }

                await FlushAsync(token);
            }

            await FlushAsync(token);
        }
        catch (RtmpProtocolException e)
        {
            CloseReason ??= e.Message;
            logger.LogWarning("RTMP client {Remote} (room {RoomId}) closed: {Reason}", remote, RoomId, e.Message);
            await TryReportAsync(e);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            CloseReason ??= _cut.IsCancellationRequested ? "cut" : Publishing ? "read timeout" : "did not publish in time";
            logger.LogInformation("RTMP client {Remote} (room {RoomId}) closed: {Reason}", remote, RoomId, CloseReason);
        }
        catch (OperationCanceledException)
        {
            CloseReason ??= "server stopping";
        }
        catch (System.Security.Authentication.AuthenticationException e)
        {
            CloseReason ??= "TLS handshake failed";
            logger.LogWarning("RTMPS client {Remote} closed: TLS handshake failed ({Reason})", remote, e.Message);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            CloseReason ??= tls is not null && !_tlsDone ? "TLS handshake failed" : "connection lost";
        }
        finally
        {
            EndPublish();
            await linked.CancelAsync();
            if (revalidation is not null) await revalidation;
            _cut.Dispose();
        }
    }

    bool IRtmpMessageHandler.OnMessage(in RtmpMessage message)
    {
        var payload = message.Payload.Span;
        switch (message.TypeId)
        {
            case RtmpMessageType.WindowAcknowledgementSize when payload.Length >= 4:
                _ackWindow = Math.Max(4096u, BinaryPrimitives.ReadUInt32BigEndian(payload));
                return true;
            case RtmpMessageType.UserControl when payload.Length >= 6 && BinaryPrimitives.ReadUInt16BigEndian(payload) == 6:
                RtmpReplies.UserControl(_writer, _out, 7, payload[2..6]); // PingRequest -> PingResponse
                return true;
            case RtmpMessageType.CommandAmf0:
                return OnCommand(payload);
            case RtmpMessageType.CommandAmf3:
                return payload.IsEmpty || OnCommand(payload[0] == 0 ? payload[1..] : payload);
            case RtmpMessageType.Video when Publishing:
                Media().OnVideo(message.Timestamp, payload);
                return true;
            case RtmpMessageType.Audio when Publishing:
                Media().OnAudio(message.Timestamp, payload);
                return true;
            default:
                return true; // acknowledgements, peer bandwidth, metadata (@setDataFrame), media before publish
        }
    }

    private FlvDemuxer Media()
    {
        if (_demuxer is not null) return _demuxer;
        _sink = outputs.Open(RoomId!);
        _demuxer = new FlvDemuxer(_sink, _clock);
        handler.OnMediaStarted(RoomId!);
        return _demuxer;
    }

    private bool OnCommand(ReadOnlySpan<byte> payload)
    {
        var values = Amf0Reader.ReadAll(payload);
        if (values.Count < 2 || values[0] is not string name) throw new RtmpProtocolException("Command without a name and transaction id.");
        var transaction = values[1] as double? ?? 0;
        switch (name)
        {
            case "connect":
                var app = (values.Count > 2 && values[2] is Dictionary<string, object?> o && o.TryGetValue("app", out var a) ? a as string : null) ?? "";
                app = app.Split('?')[0].Trim('/');
                if (!string.Equals(app, options.Application, StringComparison.Ordinal))
                {
                    RtmpReplies.Error(_writer, _out, transaction, "NetConnection.Connect.Rejected", $"Unknown application '{app}': publish to rtmp://host/{options.Application}/{{streamKey}}.");
                    _closeAfterFlush = true;
                    return false;
                }

                RtmpReplies.ConnectAccepted(_writer, _out, transaction);
                return true;
            case "releaseStream":
                RtmpReplies.Result(_writer, _out, transaction);
                return true;
            case "FCPublish":
                RtmpReplies.Named(_writer, _out, "onFCPublish", "NetStream.Publish.Start", values.Count > 3 && values[3] is string s ? s : "");
                return true;
            case "createStream":
                RtmpReplies.Result(_writer, _out, transaction, (double)_nextStreamId++, withValue: true);
                return true;
            case "publish":
                if (Publishing || _pendingPublish is not null) throw new RtmpProtocolException("publish sent twice on one connection.");
                _pendingPublish = values.Count > 3 && values[3] is string key ? key : "";
                _pendingTransaction = transaction;
                _pendingStreamId = Math.Max(1, _nextStreamId - 1);
                return false;
            case "FCUnpublish":
                RtmpReplies.Named(_writer, _out, "onFCUnpublish", "NetStream.Unpublish.Success", StreamKey ?? "");
                EndPublish();
                return true;
            case "deleteStream":
            case "closeStream":
                EndPublish();
                return true;
            case "play":
                RtmpReplies.Status(_writer, _out, 1, "error", "NetStream.Play.Failed", "This server takes publishers only; watch over HLS.");
                _closeAfterFlush = true;
                return false;
            default:
                return true;
        }
    }

    private async Task PublishAsync(CancellationTokenSource linked, CancellationToken token)
    {
        var key = _pendingPublish!.Split('?')[0];
        _pendingPublish = null;
        var streamId = _pendingStreamId;
        var admission = key.Length is 0 or > 256
            ? new RtmpAdmission(RtmpAdmissionStatus.BadKey)
            : await handler.AdmitAsync(key, remote, token);
        if (admission.Status == RtmpAdmissionStatus.Accepted && !rooms.TryClaim(admission.RoomId!, this))
        {
            admission = new RtmpAdmission(RtmpAdmissionStatus.Busy, admission.RoomId);
        }

        switch (admission.Status)
        {
            case RtmpAdmissionStatus.Accepted:
                RoomId = admission.RoomId;
                StreamKey = key;
                Publishing = true;
                linked.CancelAfter(Timeout.InfiniteTimeSpan); // the publish deadline no longer applies
                RtmpReplies.UserControl(_writer, _out, 0, [0, 0, 0, (byte)streamId]); // StreamBegin
                RtmpReplies.Status(_writer, _out, streamId, "status", "NetStream.Publish.Start", "Publishing to the room.");
                logger.LogInformation("RTMP publisher {Remote} started in room {RoomId}", remote, RoomId);
                return;
            case RtmpAdmissionStatus.Busy:
                logger.LogWarning("RTMP publisher {Remote} refused: room {RoomId} already has a publisher", remote, admission.RoomId);
                Refuse(streamId, "NetStream.Publish.BadName", "Another publisher is already live in this room.");
                return;
            case RtmpAdmissionStatus.BadKey:
                logger.LogWarning("RTMP publisher {Remote} refused: invalid stream key", remote);
                Refuse(streamId, "NetStream.Publish.BadName", "Invalid stream key.");
                return;
            default:
                Refuse(streamId, "NetStream.Publish.Denied", "Live rooms are not available on this node.");
                return;
        }
    }

    private void Refuse(uint streamId, string code, string description)
    {
        CloseReason ??= description;
        RtmpReplies.Status(_writer, _out, streamId, "error", code, description);
        _closeAfterFlush = true;
    }

    private void EndPublish()
    {
        if (!Publishing) return;
        Publishing = false;
        var room = RoomId!;
        var started = _sink is not null;
        try
        {
            _sink?.OnEnd();
        }
        finally
        {
            rooms.Release(room, this);
            handler.OnPublishEnded(room, started);
            logger.LogInformation("RTMP publisher {Remote} of room {RoomId} ended ({Frames} video frames, {Keyframes} keyframes, {Audio} audio frames)",
                remote, room, _demuxer?.VideoFrames ?? 0, _demuxer?.Keyframes ?? 0, _demuxer?.AudioFrames ?? 0);
        }
    }

    private async Task RevalidateAsync(CancellationTokenSource linked)
    {
        var token = linked.Token;
        try
        {
            while (true)
            {
                await Task.Delay(options.RevalidateInterval, token);
                if (!Publishing || RoomId is not { } room || StreamKey is not { } key) continue;
                bool allowed;
                try
                {
                    allowed = await handler.IsStillAllowedAsync(room, key, token);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "RTMP: could not re-check the stream key of room {RoomId}", room);
                    continue;
                }

                if (!allowed)
                {
                    logger.LogInformation("RTMP publisher {Remote} of room {RoomId} cut: the room ended or its key changed", remote, room);
                    Cut("the room ended or its stream key changed");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    // A refused codec gets an onStatus error before the close, so OBS and FFmpeg show the reason.
    private async Task TryReportAsync(RtmpProtocolException e)
    {
        if (!e.Unsupported || !Publishing) return;
        try
        {
            _out.ResetWrittenCount();
            RtmpReplies.Status(_writer, _out, 1, "error", "NetStream.Publish.BadName", e.Message);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await FlushAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
        }
    }

    private async ValueTask FlushAsync(CancellationToken token)
    {
        if (_out.WrittenCount == 0) return;
        await stream.WriteAsync(_out.WrittenMemory, token);
        _out.ResetWrittenCount();
    }

    /// <summary>RTMPS: the TLS handshake comes first, within the read timeout; a plain RTMP client fails it and is closed.</summary>
    private async Task AuthenticateAsync(System.Net.Security.SslStream ssl, System.Net.Security.SslServerAuthenticationOptions tls, CancellationTokenSource read)
    {
        read.CancelAfter(options.ReadTimeout);
        await ssl.AuthenticateAsServerAsync(tls, read.Token);
        _tlsDone = true;
    }

    private async Task ReadExactlyAsync(Memory<byte> buffer, CancellationTokenSource read)
    {
        read.CancelAfter(options.ReadTimeout);
        await stream.ReadExactlyAsync(buffer, read.Token);
        _received += buffer.Length;
    }
}

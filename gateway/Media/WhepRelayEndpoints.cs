using Stagecast.Media.Net;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using Stagecast.Gateway.Accounts;
using Stagecast.Gateway.Problems;
using Stagecast.Media.Whep;
using Stagecast.Media.Whip;

namespace Stagecast.Gateway.Media;

/// <summary>
/// The ingest gateway's side of the cross-gateway WHEP relay (docs/whep.md, "Viewers on another gateway"):
/// <c>GET /internal/media/{roomId}/rtp</c> streams the room's publisher RTP, as the local <see cref="RoomRtpRelay"/>
/// gets it, to a gateway that has WHEP viewers of the room (one stream per gateway, whatever its viewer count), and
/// <c>POST /internal/media/{roomId}/keyframe</c> passes that gateway's coalesced keyframe requests on to the publisher.
/// Both need <see cref="WhepRelayAuth"/>'s header. Stream framing: per packet a 16-bit big-endian length, a kind byte
/// (1 video, 0 audio) and the RTP packet; it ends when the room's publisher leaves this gateway.
/// </summary>
public static class WhepRelayEndpoints
{
    public const string ContentType = "application/vnd.stagecast.rtp-relay";

    /// <summary>Packets queued per stream before the oldest are dropped (a slow peer loses packets, never the ingest thread).</summary>
    private const int QueuedPackets = 4096;

    public static void MapWhepRelayEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/internal/media/{roomId}").AllowAnonymous().ExcludeFromDescription();
        group.MapGet("/rtp", StreamAsync);
        group.MapPost("/keyframe", Keyframe);
    }

    private static async Task<IResult> StreamAsync(string roomId, HttpContext http, WhipIngest ingest, JwtSettings jwt, RelayStreamLimits limits,
        ILogger<RelayStreamLimits> logger, CancellationToken ct)
    {
        if (!WhepRelayAuth.Verify(jwt, roomId, http.Request.Headers[WhepRelayAuth.Header].ToString(), DateTimeOffset.UtcNow))
        {
            return Problem.Forbidden("relay_forbidden", "Only the cluster's gateways may relay media.");
        }

        // The connection limits of the other ingest paths (RTMP's total and per-address): a stream copies every packet
        // of the room, so a replayed credential must not be able to open thousands of them.
        var remote = http.Connection.RemoteIpAddress;
        switch (limits.TryAcquire(remote, out var lease))
        {
            case ConnectionAdmission.Full:
                logger.LogWarning("WHEP relay stream for room {RoomId} from {Remote} refused: relay stream limit reached", roomId, remote);
                http.Response.Headers.RetryAfter = "5";
                return Problem.Of(StatusCodes.Status503ServiceUnavailable, "relay_full", "Relay at capacity.",
                    "This gateway serves as many relay streams as it is configured for (Ingest:MaxRelayStreams).");
            case ConnectionAdmission.AddressFull:
                logger.LogWarning("WHEP relay stream for room {RoomId} from {Remote} refused: per-address relay stream limit reached", roomId, remote);
                http.Response.Headers.RetryAfter = "5";
                return Problem.Of(StatusCodes.Status429TooManyRequests, "relay_limited", "Too many relay streams.",
                    "This address has as many relay streams open as one address may (Ingest:MaxRelayStreamsPerAddress).");
        }

        using var slot = lease;

        var rtmp = http.RequestServices.GetService<RtmpIngest>();
        var rtmpRoom = rtmp?.IsPublishing(roomId) == true;
        var server = rtmpRoom ? ingest.Server : ingest.RunningServer;
        if (server is null || (!rtmpRoom && !server.HasPublisher(roomId)))
        {
            return Problem.NotFound("whep_unavailable", "The room has no publisher on this gateway.");
        }

        if (rtmpRoom && rtmp!.SendsBFrames(roomId)) return WhepEndpoints.BFramesRefused();
        if (rtmpRoom) http.Response.Headers[WhepEndpoints.AudioHeader] = rtmp!.WhepAudio ? "transcoded" : "none";
        http.Response.ContentType = ContentType;
        http.Response.Headers.CacheControl = "no-store";
        bool Publishing() => rtmpRoom ? rtmp!.IsPublishing(roomId) : server.HasPublisher(roomId);
        var tap = new QueueTap();
        server.AddTap(roomId, tap);
        try
        {
            await http.Response.StartAsync(ct);
            await http.Response.Body.FlushAsync(ct);
            await PumpAsync(tap.Reader, http.Response.Body, Publishing, ct);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The other gateway went away or stopped listening.
        }
        finally
        {
            server.RemoveTap(roomId, tap);
        }

        return Results.Empty;
    }

    private static async Task PumpAsync(ChannelReader<byte[]> reader, Stream body, Func<bool> publishing, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        while (!ct.IsCancellationRequested && publishing())
        {
            // Wake at least once a second to notice that the publisher has left.
            var ready = reader.WaitToReadAsync(ct).AsTask();
            if (await Task.WhenAny(ready, Task.Delay(1000, ct)) != ready || !await ready) continue;
            int length = 0;
            while (reader.TryPeek(out var packet) && length + packet.Length + 2 <= buffer.Length)
            {
                reader.TryRead(out _);
                BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(length), (ushort)packet.Length);
                packet.CopyTo(buffer.AsSpan(length + 2));
                length += packet.Length + 2;
            }

            // Everything queued goes in one write: under load packets travel in batches, not one syscall each.
            await body.WriteAsync(buffer.AsMemory(0, length), ct);
            await body.FlushAsync(ct);
        }
    }

    private static IResult Keyframe(string roomId, HttpContext http, WhipIngest ingest, JwtSettings jwt)
    {
        if (!WhepRelayAuth.Verify(jwt, roomId, http.Request.Headers[WhepRelayAuth.Header].ToString(), DateTimeOffset.UtcNow))
        {
            return Problem.Forbidden("relay_forbidden", "Only the cluster's gateways may relay media.");
        }

        ingest.RunningServer?.RelayOf(roomId)?.RequestKeyframe(Environment.TickCount64);
        return Results.NoContent();
    }

    /// <summary>Copies each packet (kind byte first) into a bounded queue; the oldest are dropped when it is full.</summary>
    private sealed class QueueTap : IRelayTap
    {
        private readonly Channel<byte[]> _queue = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(QueuedPackets)
        {
            FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true,
        });

        public ChannelReader<byte[]> Reader => _queue.Reader;

        public void OnPacket(bool video, ReadOnlySpan<byte> packet)
        {
            var copy = new byte[packet.Length + 1];
            copy[0] = video ? (byte)1 : (byte)0;
            packet.CopyTo(copy.AsSpan(1));
            _queue.Writer.TryWrite(copy);
        }
    }
}

/// <summary>
/// The relay's credential: HMAC-SHA256, under the cluster's shared token signing key (<c>Stagecast:Jwt:SigningKey</c>,
/// which every gateway of a cluster already has), of the room id and the current minute. Accepted for the minute
/// it names and the one before or after (clock skew), so a captured header is worthless a few minutes later and
/// for any other room.
/// </summary>
public static class WhepRelayAuth
{
    public const string Header = "X-Stagecast-Relay";

    public static string Sign(JwtSettings jwt, string roomId, DateTimeOffset now) => Sign(jwt, roomId, now.ToUnixTimeSeconds() / 60);

    public static bool Verify(JwtSettings jwt, string roomId, string presented, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(presented) || roomId.Length > 128) return false;
        var minute = now.ToUnixTimeSeconds() / 60;
        var given = Encoding.ASCII.GetBytes(presented);
        for (var m = minute - 1; m <= minute + 1; m++)
        {
            if (CryptographicOperations.FixedTimeEquals(given, Encoding.ASCII.GetBytes(Sign(jwt, roomId, m)))) return true;
        }

        return false;
    }

    private static string Sign(JwtSettings jwt, string roomId, long minute) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(jwt.Key.Key, Encoding.UTF8.GetBytes($"whep-relay\n{roomId}\n{minute}")));
}

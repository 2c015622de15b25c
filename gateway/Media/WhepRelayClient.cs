using System.Buffers.Binary;
using System.Collections.Concurrent;
using Stagecast.Gateway.Accounts;
using Stagecast.Media.Rtp;
using Stagecast.Media.Whip;

namespace Stagecast.Gateway.Media;

/// <summary>
/// A gateway's side of the cross-gateway WHEP relay: for a room whose publisher is on another gateway (found through
/// the room's origin grain, as for HLS), one <see cref="WhepRelayEndpoints"/> stream per room from the ingest gateway
/// feeds the local <see cref="Stagecast.Media.Whep.RoomRtpRelay"/>, so every local viewer is served from it as if the
/// publisher were here (keyframe start, NACK cache, sender reports). The local relay's keyframe requests go back
/// upstream. The stream is closed when the room has had no local viewer for <see cref="IdleClose"/>, and ends when
/// the publisher leaves the ingest gateway (then the local viewers of the room are ended too).
/// </summary>
public sealed class WhepRelayClient(IHttpClientFactory clients, WhipIngest whip, JwtSettings jwt, ILogger<WhepRelayClient> logger,
    IHlsOriginLocator? locator = null)
{
    public const string HttpClientName = "whep-relay";

    private static readonly TimeSpan IdleClose = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, Upstream> _upstreams = new(StringComparer.Ordinal);

    /// <summary>Rooms this gateway relays from another one now (tests and stats).</summary>
    public int ActiveStreams => _upstreams.Count;

    /// <summary>Packets received over relay streams since start.</summary>
    public long PacketsReceived => Interlocked.Read(ref _packets);

    private long _packets;

    /// <summary>Keyframe requests the ingest gateway accepted from this one.</summary>
    public long KeyframeRequestsSent => Interlocked.Read(ref _keyframeRequests);

    private long _keyframeRequests;

    /// <summary>
    /// Makes sure the room's media is relayed here. Not <see cref="RelaySubscription.Ok"/> when no other gateway
    /// publishes it (or its encoder sends B-frames); otherwise with the <c>Stagecast-Whep-Audio</c> value of an RTMP
    /// room ("transcoded" or "none"), or "" for a WebRTC publisher.
    /// </summary>
    public async Task<RelaySubscription> SubscribeAsync(string roomId, CancellationToken ct)
    {
        if (_upstreams.TryGetValue(roomId, out var existing) && !existing.Stopping.IsCancellationRequested) return new(true, existing.Audio);
        var origin = locator is null ? null : await locator.FindOriginAsync(roomId, ct);
        if (origin is null) return default;

        var server = whip.Server;
        server.UpstreamKeyframeRequest ??= RequestKeyframe;
        var stopping = new CancellationTokenSource();
        HttpResponseMessage? response = null;
        try
        {
            using var connect = CancellationTokenSource.CreateLinkedTokenSource(ct, stopping.Token);
            connect.CancelAfter(TimeSpan.FromSeconds(10));
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(origin, $"/internal/media/{Uri.EscapeDataString(roomId)}/rtp"));
            request.Headers.TryAddWithoutValidation(WhepRelayAuth.Header, WhepRelayAuth.Sign(jwt, roomId, DateTimeOffset.UtcNow));
            response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, connect.Token);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogInformation("WHEP relay for room {RoomId} refused by {Origin}: {Status}", roomId, origin, (int)response.StatusCode);
                var bFrames = response.StatusCode == System.Net.HttpStatusCode.UnprocessableEntity;
                response.Dispose();
                stopping.Dispose();
                return new(false, BFrames: bFrames);
            }
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            logger.LogWarning("WHEP relay for room {RoomId} could not reach {Origin}: {Reason}", roomId, origin, e.Message);
            response?.Dispose();
            stopping.Dispose();
            return default;
        }

        var audio = response.Headers.TryGetValues(WhepEndpoints.AudioHeader, out var values) ? values.FirstOrDefault() ?? "" : "";
        var upstream = new Upstream(origin, audio, stopping);
        if (!_upstreams.TryAdd(roomId, upstream))
        {
            // Another viewer's request won the race: its stream serves this viewer too.
            response.Dispose();
            await stopping.CancelAsync();
            stopping.Dispose();
            return _upstreams.TryGetValue(roomId, out var winner) ? new(true, winner.Audio) : default;
        }

        logger.LogInformation("WHEP relay for room {RoomId} from {Origin} started", roomId, origin);
        _ = Task.Run(() => RunAsync(roomId, upstream, response, server));
        return new(true, audio);
    }

    private async Task RunAsync(string roomId, Upstream upstream, HttpResponseMessage response, IngestServer server)
    {
        var watch = WatchIdleAsync(roomId, upstream, server);
        var ended = false;
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(upstream.Stopping.Token);
            await PumpAsync(roomId, stream, server, upstream.Stopping.Token);
            ended = true; // the ingest gateway closed the stream: its publisher left
        }
        catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException or InvalidDataException)
        {
            ended = !upstream.Stopping.IsCancellationRequested;
        }
        finally
        {
            _upstreams.TryRemove(new KeyValuePair<string, Upstream>(roomId, upstream));
            await upstream.Stopping.CancelAsync();
            await watch;
            response.Dispose();
            upstream.Stopping.Dispose();
            logger.LogInformation("WHEP relay for room {RoomId} stopped", roomId);
        }

        if (ended && server.RelayOf(roomId) is { } relay)
        {
            foreach (var viewer in relay.Viewers.ToArray()) server.EndViewer(viewer.Id);
        }
    }

    private async Task PumpAsync(string roomId, Stream stream, IngestServer server, CancellationToken ct)
    {
        var header = new byte[2];
        var packet = new byte[ushort.MaxValue];
        while (true)
        {
            if (!await ReadFullAsync(stream, header, ct)) return;
            int length = BinaryPrimitives.ReadUInt16BigEndian(header);
            if (length < 13) throw new InvalidDataException("relay frame too short");
            if (!await ReadFullAsync(stream, packet.AsMemory(0, length), ct)) throw new InvalidDataException("relay stream cut mid-frame");
            var rtp = packet.AsSpan(1, length - 1);
            if (!RtpPacket.TryParse(rtp, out var parsed)) continue;
            Interlocked.Increment(ref _packets);
            server.RelayOf(roomId)?.OnPublisherPacket(packet[0] == 1, rtp, parsed.SequenceNumber, rtp.Slice(parsed.PayloadOffset, parsed.PayloadLength));
        }
    }

    private static async Task<bool> ReadFullAsync(Stream stream, Memory<byte> buffer, CancellationToken ct)
    {
        int read = 0;
        while (read < buffer.Length)
        {
            int n = await stream.ReadAsync(buffer[read..], ct);
            if (n == 0) return false;
            read += n;
        }

        return true;
    }

    /// <summary>Stops the stream once the room has had no viewer on this gateway for <see cref="IdleClose"/>.</summary>
    private static async Task WatchIdleAsync(string roomId, Upstream upstream, IngestServer server)
    {
        var idleSince = DateTime.UtcNow;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
        try
        {
            while (await timer.WaitForNextTickAsync(upstream.Stopping.Token))
            {
                if (server.RelayOf(roomId) is { Viewers.Count: > 0 }) idleSince = DateTime.UtcNow;
                else if (DateTime.UtcNow - idleSince > IdleClose) await upstream.Stopping.CancelAsync();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void RequestKeyframe(string roomId)
    {
        if (!_upstreams.TryGetValue(roomId, out var upstream)) return;
        _ = Task.Run(async () =>
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(upstream.Origin, $"/internal/media/{Uri.EscapeDataString(roomId)}/keyframe"));
                request.Headers.TryAddWithoutValidation(WhepRelayAuth.Header, WhepRelayAuth.Sign(jwt, roomId, DateTimeOffset.UtcNow));
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                using var response = await clients.CreateClient(HttpClientName).SendAsync(request, cts.Token);
                if (response.IsSuccessStatusCode) Interlocked.Increment(ref _keyframeRequests);
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                logger.LogDebug("WHEP relay keyframe request for room {RoomId} failed: {Reason}", roomId, e.Message);
            }
        });
    }

    private sealed record Upstream(Uri Origin, string Audio, CancellationTokenSource Stopping);
}

/// <summary>A relay subscription: <paramref name="Ok"/> with the room's audio mode, or refused (<paramref name="BFrames"/>: the ingest gateway's encoder sends B-frames).</summary>
public readonly record struct RelaySubscription(bool Ok, string Audio = "", bool BFrames = false);

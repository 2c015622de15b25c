using System.Net.Http.Headers;
using System.Text;
using Stagecast.Gateway.Problems;
using Stagecast.Gateway.Rooms;
using Stagecast.Media.Sdp;
using Stagecast.Media.Whip;

namespace Stagecast.Gateway.Media;

/// <summary>
/// WHEP (real-time playback, the WHIP companion): POST a recvonly SDP offer to /api/live/{roomId}/whep, get 201 with
/// the answer and a Location to DELETE. No credential: public rooms are public; the session URL is unguessable.
/// Served for rooms whose WHIP publisher is on this gateway, and for rooms whose RTMP publisher is on this gateway: their
/// H.264 is packetized here and their AAC transcoded to Opus by ffmpeg while they have WHEP viewers
/// (<c>Stagecast-Whep-Audio: transcoded</c>), or with <c>Stagecast:Rtmp:WhepAudio=false</c> not sent
/// (<c>Stagecast-Whep-Audio: none</c>; the watch page falls back to LL-HLS when the viewer unmutes). Rooms published
/// on another gateway are relayed from it (<see cref="WhepRelayClient"/>, one stream per room and gateway).
/// </summary>
public static class WhepEndpoints
{
    private const string SdpType = "application/sdp";

    /// <summary>For an RTMP room: "transcoded" (its AAC reaches the viewer as Opus) or "none" (video only).</summary>
    public const string AudioHeader = "Stagecast-Whep-Audio";

    public static void MapWhepEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/live/{roomId}/whep").AllowAnonymous().WithTags("Media");
        group.MapPost("", PostAsync).WithSummary("WHEP: watch the room in real time (recvonly SDP offer in, SDP answer out).");
        group.MapMethods("", ["OPTIONS"], Options).ExcludeFromDescription();
        group.MapDelete("/{sessionId}", Delete).WithSummary("WHEP: stop watching.");
        group.MapMethods("/{sessionId}", ["OPTIONS"], Options).ExcludeFromDescription();
    }

    // hub (query, optional): the player's own /hubs/live connection id (the watch page's), so that it is counted once.
    private static async Task<IResult> PostAsync(string roomId, string? hub, HttpContext http, WhipIngest ingest, WhepViewers viewers,
        RoomFanout fanout, CancellationToken ct)
    {
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var type) ||
            !string.Equals(type.MediaType, SdpType, StringComparison.OrdinalIgnoreCase))
        {
            return Problem.Of(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type", "Unsupported media type.",
                "A WHEP offer must be sent as application/sdp.");
        }

        string? offer = await ReadBodyAsync(http.Request, ct);
        if (string.IsNullOrWhiteSpace(offer))
        {
            return Problem.BadRequest("malformed_offer", "The SDP offer is empty or too large.");
        }

        // An RTMP room on this gateway: its video is packetized here (RtmpWhepOutputs), so the WebRTC sockets are opened if need be.
        var rtmp = http.RequestServices.GetService<RtmpIngest>();
        var rtmpRoom = roomId.Length <= 128 && rtmp?.IsPublishing(roomId) == true;
        if (rtmpRoom && rtmp!.SendsBFrames(roomId)) return BFramesRefused();

        // A room published on another gateway: its media is relayed here (one stream per room, WhepRelayClient).
        string? relayedAudio = null;
        if (!rtmpRoom && roomId.Length <= 128 && ingest.RunningServer?.HasPublisher(roomId) != true)
        {
            var relayed = await http.RequestServices.GetRequiredService<WhepRelayClient>().SubscribeAsync(roomId, ct);
            if (!relayed.Ok) return relayed.BFrames ? BFramesRefused() : NotRealTime();
            relayedAudio = relayed.Audio;
        }

        var fedExternally = rtmpRoom || relayedAudio is not null;
        IngestServer? server;
        try
        {
            server = fedExternally ? ingest.Server : ingest.RunningServer;
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or FormatException)
        {
            server = null;
        }

        if (roomId.Length > 128 || server is null)
        {
            return NotRealTime();
        }

        var result = server.CreateViewer(roomId, offer, fedExternally);
        switch (result.Status)
        {
            case WhipCreateStatus.Created:
                http.Response.Headers.Location = $"/api/live/{Uri.EscapeDataString(roomId)}/whep/{result.SessionId}";
                if (rtmpRoom) http.Response.Headers[AudioHeader] = rtmp!.WhepAudio ? "transcoded" : "none";
                else if (relayedAudio is { Length: > 0 }) http.Response.Headers[AudioHeader] = relayedAudio;
                viewers.Add(result.SessionId!, roomId, hub is { Length: > 0 and <= 128 } ? hub : null);
                await fanout.MediaViewersChangedAsync(roomId);
                return Results.Text(result.AnswerSdp, SdpType, Encoding.UTF8, StatusCodes.Status201Created);
            case WhipCreateStatus.NotLive:
                return NotRealTime();
            case WhipCreateStatus.Overloaded:
                return Problem.Of(StatusCodes.Status503ServiceUnavailable, "whep_full", "Real-time playback at capacity.", result.Reason);
            default:
                if (result.Refusal == OfferRefusal.Malformed)
                {
                    return Problem.BadRequest("malformed_offer", result.Reason ?? "The SDP offer could not be parsed.");
                }

                return Problem.Of(StatusCodes.Status422UnprocessableEntity, "unsupported_offer", "The offer cannot be served.", result.Reason,
                    new Dictionary<string, object?> { ["refusal"] = result.Refusal.ToString() });
        }
    }

    private static async Task<IResult> Delete(string roomId, string sessionId, WhipIngest ingest, WhepViewers viewers, RoomFanout fanout)
    {
        if (ingest.RunningServer is not { } server || server.GetViewer(sessionId) is not { } viewer || viewer.RoomId != roomId || !server.EndViewer(sessionId))
        {
            return Problem.NotFound("whep_session_not_found", "No such viewing session.");
        }

        viewers.Remove(sessionId);
        await fanout.MediaViewersChangedAsync(roomId);
        return Results.Ok();
    }

    /// <summary>The RTMP encoder sends B-frames, which WebRTC players cannot show in order (docs/obs.md).</summary>
    internal static IResult BFramesRefused() =>
        Problem.Of(StatusCodes.Status422UnprocessableEntity, "whep_bframes", "Not available in real time.",
            "This room's encoder sends H.264 B-frames, which real-time (WebRTC) players cannot show; play its LL-HLS (hlsUrl). The host can set B-frames to 0.");

    private static IResult NotRealTime() =>
        Problem.NotFound("whep_unavailable", "This room is not available in real time here; play its LL-HLS (hlsUrl) instead.");

    private static IResult Options(HttpContext http)
    {
        http.Response.Headers["Accept-Post"] = SdpType;
        http.Response.Headers.Allow = "POST, DELETE, OPTIONS";
        return Results.NoContent();
    }

    private static async Task<string?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > SessionDescription.MaxLength) return null;
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var buffer = new char[SessionDescription.MaxLength + 1];
        int total = 0, read;
        while (total <= SessionDescription.MaxLength && (read = await reader.ReadAsync(buffer.AsMemory(total, buffer.Length - total), ct)) > 0)
        {
            total += read;
        }

        return total > SessionDescription.MaxLength ? null : new string(buffer, 0, total);
    }
}

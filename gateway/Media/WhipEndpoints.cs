using System.Net.Http.Headers;
using System.Text;
using Stagecast.Gateway.Problems;
using Stagecast.Media.Sdp;
using Stagecast.Media.Whip;

namespace Stagecast.Gateway.Media;

/// <summary>
/// WHIP (RFC 9725): POST an offer to the room's whipUrl with the stream key as bearer token; DELETE the
/// returned Location to stop; PATCH trickle fragments (ignored: the server is ICE-lite); OPTIONS for CORS.
/// </summary>
public static class WhipEndpoints
{
    private const string SdpType = "application/sdp";
    private const string TrickleType = "application/trickle-ice-sdpfrag";
    private const int MaxBody = SessionDescription.MaxLength;

    public static void MapWhipEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/live/{roomId}/whip").AllowAnonymous().WithTags("Media");
        group.MapPost("", PostAsync).WithSummary("WHIP: publish to the room (SDP offer in, SDP answer out).");
        group.MapMethods("", ["OPTIONS"], Options).ExcludeFromDescription();
        group.MapDelete("/{sessionId}", DeleteAsync).WithSummary("WHIP: end the publishing session.");
        group.MapPatch("/{sessionId}", PatchAsync).WithSummary("WHIP: trickle ICE (accepted and ignored); ICE restarts are refused.");
        group.MapMethods("/{sessionId}", ["OPTIONS"], Options).ExcludeFromDescription();
    }

    private static async Task<IResult> PostAsync(string roomId, HttpContext http, WhipIngest ingest, WhipSessionForwarder forwarder, CancellationToken ct)
    {
        var request = http.Request;
        string? key = BearerToken(request);
        if (key is null)
        {
            return StreamKeyRefused(http);
        }
        if (!IsContentType(request, SdpType))
        {
            return Problem.Of(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type", "Unsupported media type.",
                "A WHIP offer must be sent as application/sdp.");
        }
        var authority = http.RequestServices.GetService<IRoomMediaAuthority>();
        if (authority is null)
        {
            return Problem.Of(StatusCodes.Status503ServiceUnavailable, "ingest_unavailable", "Ingest unavailable.", "Live rooms are not available on this node.");
        }
        if (roomId.Length > 128 || !await authority.IsValidStreamKeyAsync(roomId, key, ct))
        {
            return StreamKeyRefused(http);
        }
        string? offer = await ReadBodyAsync(request, ct);
        if (string.IsNullOrWhiteSpace(offer))
        {
            return Problem.BadRequest("malformed_offer", "The SDP offer is empty or too large.");
        }
        if (http.RequestServices.GetService<RtmpIngest>()?.IsPublishing(roomId) == true)
        {
            return Problem.Conflict("room_has_publisher", "An RTMP publisher is live in this room; stop it first.");
        }
        IngestServer server;
        try
        {
            server = ingest.Server;
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or FormatException)
        {
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(WhipEndpoints)).LogError(
                "WHIP ingest could not open its UDP socket ({Error}); give each gateway on one host its own Ingest:UdpPort and check Ingest:Addresses",
                e is System.Net.Sockets.SocketException s ? s.SocketErrorCode.ToString() : e.Message);
            return Problem.Of(StatusCodes.Status503ServiceUnavailable, "ingest_unavailable", "Ingest unavailable.", "The media ports could not be opened.");
        }
        var result = server.CreateSession(roomId, offer);
        switch (result.Status)
        {
            case WhipCreateStatus.Created:
                ingest.Remember(result.SessionId!, key);
                await forwarder.ClaimAsync(roomId, ct);
                http.Response.Headers.Location = $"/api/live/{Uri.EscapeDataString(roomId)}/whip/{result.SessionId}";
                http.Response.Headers["Accept-Patch"] = TrickleType;
                return Results.Text(result.AnswerSdp, SdpType, Encoding.UTF8, StatusCodes.Status201Created);
            case WhipCreateStatus.RoomBusy:
                return Problem.Conflict("room_has_publisher", "Another publisher is already live in this room; DELETE its session first.");
            case WhipCreateStatus.Overloaded:
                return Problem.Of(StatusCodes.Status503ServiceUnavailable, "ingest_full", "Ingest at capacity.", result.Reason);
            default:
                if (result.Refusal == OfferRefusal.Malformed)
                {
                    return Problem.BadRequest("malformed_offer", result.Reason ?? "The SDP offer could not be parsed.");
                }
                return Problem.Of(StatusCodes.Status422UnprocessableEntity, "unsupported_offer", "The offer cannot be served.", result.Reason,
                    new Dictionary<string, object?> { ["refusal"] = result.Refusal.ToString() });
        }
    }

    private static async Task<IResult> DeleteAsync(string roomId, string sessionId, HttpContext http, WhipIngest ingest, WhipSessionForwarder forwarder, CancellationToken ct)
    {
        if (!IsLocal(ingest, sessionId) && await forwarder.TryForwardAsync(roomId, http, null, ct) is { } forwarded)
        {
            return forwarded;
        }
        var server = ingest.Server;
        if (SessionRefused(http, ingest, roomId, sessionId, out _) is { } refused)
        {
            return refused;
        }
        if (!server.EndSession(sessionId))
        {
            return Problem.NotFound("whip_session_not_found", "No such publishing session.");
        }
        // OBS logs a warning on anything but 200 (design brief §1).
        return Results.Ok();
    }

    private static async Task<IResult> PatchAsync(string roomId, string sessionId, HttpContext http, WhipIngest ingest, WhipSessionForwarder forwarder, CancellationToken ct)
    {
        if (!IsContentType(http.Request, TrickleType))
        {
            return Problem.Of(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type", "Unsupported media type.",
                "Trickle ICE fragments are application/trickle-ice-sdpfrag.");
        }
        if (!IsLocal(ingest, sessionId))
        {
            var body = await ReadBodyAsync(http.Request, ct);
            if (body is null)
            {
                return Problem.BadRequest("malformed_fragment", "The trickle fragment is too large.");
            }
            if (await forwarder.TryForwardAsync(roomId, http, body, ct) is { } forwarded)
            {
                return forwarded;
            }
            return SessionRefused(http, ingest, roomId, sessionId, out _) ?? Problem.NotFound("whip_session_not_found", "No such publishing session.");
        }
        if (SessionRefused(http, ingest, roomId, sessionId, out var session) is { } refused)
        {
            return refused;
        }
        string fragment = await ReadBodyAsync(http.Request, ct) ?? "";
        // RFC 9725 §4.3.1: new credentials mean an ICE restart, which this server does not do.
        foreach (var line in fragment.Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith("a=ice-ufrag:", StringComparison.Ordinal) && trimmed["a=ice-ufrag:".Length..] != session.Offer.RemoteUfrag)
            {
                return Problem.Of(StatusCodes.Status422UnprocessableEntity, "ice_restart_unsupported", "ICE restart is not supported.",
                    "Start a new session instead: DELETE this one and POST a new offer.");
            }
        }
        // An ICE-lite server needs none of the client's candidates: the checks tell it where the client is.
        return Results.NoContent();
    }

    /// <summary>
    /// RFC 9725 §4.3: the session URL is a capability only together with the credential that created it, so DELETE and
    /// PATCH carry the stream key as bearer token too. Without it anyone who saw the Location could end a live.
    /// </summary>
    private static IResult? SessionRefused(HttpContext http, WhipIngest ingest, string roomId, string sessionId, out WhipSession session)
    {
        session = null!;
        var key = BearerToken(http.Request);
        if (key is null)
        {
            return StreamKeyRefused(http);
        }
        if (ingest.Server.GetSession(sessionId) is not { } found || found.RoomId != roomId)
        {
            return Problem.NotFound("whip_session_not_found", "No such publishing session.");
        }
        session = found;
        return ingest.KeyMatches(sessionId, key) ? null : StreamKeyRefused(http);
    }

    /// <summary>Whether this gateway holds the session; without it DELETE and PATCH go to the room's ingesting gateway.</summary>
    private static bool IsLocal(WhipIngest ingest, string sessionId) => ingest.RunningServer?.GetSession(sessionId) is not null;

    private static IResult Options(HttpContext http)
    {
        http.Response.Headers["Accept-Post"] = SdpType;
        http.Response.Headers.Allow = "POST, PATCH, DELETE, OPTIONS";
        return Results.NoContent();
    }

    private static IResult StreamKeyRefused(HttpContext http)
    {
        http.Response.Headers.WWWAuthenticate = "Bearer";
        return Problem.Unauthorized("invalid_stream_key", "The stream key is missing or not this room's current key.");
    }

    private static string? BearerToken(HttpRequest request)
    {
        string? header = request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var token = header["Bearer ".Length..].Trim();
        return token.Length is > 0 and <= 512 ? token : null;
    }

    private static bool IsContentType(HttpRequest request, string expected) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var type) &&
        string.Equals(type.MediaType, expected, StringComparison.OrdinalIgnoreCase);

    private static async Task<string?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBody)
        {
            return null;
        }
        var buffer = new char[MaxBody + 1];
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        int total = 0;
        int read;
        while (total <= MaxBody && (read = await reader.ReadAsync(buffer.AsMemory(total, buffer.Length - total), ct)) > 0)
        {
            total += read;
        }
        return total > MaxBody ? null : new string(buffer, 0, total);
    }
}

using System.Net.Http.Headers;
using Stagecast.Gateway.Problems;

namespace Stagecast.Gateway.Media;

/// <summary>
/// Behind a balancer a publisher's WHIP DELETE or PATCH may reach any gateway, but the session lives on the one
/// that answered its POST. A gateway without the session forwards the request, once, to the room's ingesting
/// gateway (found like an HLS origin, through the room's origin grain), so no sticky routing is needed.
/// </summary>
public sealed class WhipSessionForwarder(
    IHttpClientFactory clients,
    ILogger<WhipSessionForwarder> logger,
    IHlsOriginLocator? locator = null,
    IGrainFactory? grains = null,
    HlsSelfAddress? self = null)
{
    /// <summary>Marks a forwarded request: the receiving gateway answers it itself and never forwards it again.</summary>
    public const string ForwardedHeader = "X-Stagecast-Whip-Forwarded";

    /// <summary>The named HttpClient used for forwarding.</summary>
    public const string HttpClientName = "whip-forward";

    /// <summary>
    /// Records this gateway as the room's origin before a new session's 201 goes out. The packager records it too, but
    /// only once media flows; a publisher trickles its candidates (PATCH) right after the answer, and through a
    /// balancer that PATCH may reach another gateway, which must already find the owner. A failure is logged, not fatal:
    /// the session works, only forwarding to it waits for the packager's record.
    /// </summary>
    public async Task ClaimAsync(string roomId, CancellationToken ct)
    {
        if (grains is null || self is null || locator is null)
        {
            return;
        }
        try
        {
            await grains.GetGrain<Stagecast.Contracts.Media.IHlsOriginGrain>(roomId).SetOrigin(self.Value).WaitAsync(ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning(e, "Could not record this gateway as the WHIP owner of room {RoomId}", roomId);
        }
    }

    /// <summary>
    /// Takes back the claim of a session that ended without media (its handshake timed out, or it was deleted first):
    /// the packager never opened, so its end, which clears the record for a session with media, never comes, and other
    /// gateways would go on sending the room's WHIP and HLS requests here. Nothing is cleared while the room has another
    /// session or publisher on this gateway (<paramref name="publishingHere"/>), and should one have started while the
    /// record was being cleared, its record is made again, so a newer session never loses its own claim.
    /// </summary>
    public async Task ReleaseAsync(string roomId, Func<bool> publishingHere)
    {
        if (grains is null || self is null || locator is null || publishingHere())
        {
            return;
        }
        try
        {
            var origin = grains.GetGrain<Stagecast.Contracts.Media.IHlsOriginGrain>(roomId);
            await origin.ClearOrigin(self.Value);
            if (publishingHere())
            {
                await origin.SetOrigin(self.Value);
            }
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not take back the WHIP owner record of room {RoomId}", roomId);
        }
    }

    /// <summary>The owning gateway's answer, or null when the request is answered here (already forwarded, or no other owner is known).</summary>
    public async Task<IResult?> TryForwardAsync(string roomId, HttpContext http, string? body, CancellationToken ct)
    {
        if (locator is null || http.Request.Headers.ContainsKey(ForwardedHeader))
        {
            return null;
        }
        var origin = await locator.FindOriginAsync(roomId, ct);
        if (origin is null)
        {
            return null;
        }
        using var request = new HttpRequestMessage(new HttpMethod(http.Request.Method), new Uri(origin, http.Request.Path.ToUriComponent() + http.Request.QueryString));
        request.Headers.TryAddWithoutValidation(ForwardedHeader, "1");
        if (http.Request.Headers.Authorization.ToString() is { Length: > 0 } authorization)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        if (body is not null)
        {
            request.Content = new StringContent(body);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var type) ? type : null;
        }
        try
        {
            using var client = clients.CreateClient(HttpClientName);
            using var response = await client.SendAsync(request, ct);
            var bytes = await response.Content.ReadAsByteArrayAsync(ct);
            if (response.Headers.WwwAuthenticate.ToString() is { Length: > 0 } challenge)
            {
                http.Response.Headers.WWWAuthenticate = challenge;
            }
            return new Forwarded((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), bytes);
        }
        catch (Exception e) when ((e is HttpRequestException or TaskCanceledException) && !ct.IsCancellationRequested)
        {
            logger.LogWarning(e, "WHIP {Method} for room {RoomId} could not reach its ingesting gateway {Origin}", http.Request.Method, roomId, origin);
            return Problem.Of(StatusCodes.Status502BadGateway, "whip_owner_unreachable", "Publishing gateway unreachable.",
                "The gateway that holds this publishing session did not answer; retry, or POST a new offer.");
        }
    }

    /// <summary>The owning gateway's status, content type and body, as it answered.</summary>
    private sealed class Forwarded(int status, string? contentType, byte[] body) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = status;
            if (contentType is not null)
            {
                http.Response.ContentType = contentType;
            }
            return body.Length == 0 ? Task.CompletedTask : http.Response.Body.WriteAsync(body).AsTask();
        }
    }
}

using Stagecast.Contracts.Rooms;
using Stagecast.Gateway.Problems;
using Stagecast.Gateway.Rooms;
using Stagecast.Media.Hls;

namespace Stagecast.Gateway.Media;

/// <summary>
/// GET /hls/{roomId}/{path}: a thin HTTP face on <see cref="HlsRoomStore"/>, which owns the routes beneath
/// the room (index.m3u8, {sessionId}/live.m3u8, parts, segments, init segments, replay/index.m3u8).
/// </summary>
public static class HlsEndpoints
{
    public static IEndpointRouteBuilder MapHlsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/hls/{roomId}/{**path}", Get).WithTags("Media")
            .WithSummary("Live and replay HLS of a room; index.m3u8 is the multivariant playlist, replay/index.m3u8 the last finished live.")
            .Produces(StatusCodes.Status200OK, contentType: HlsPlaylistWriter.ContentType)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .AllowAnonymous();
        return app;
    }

    private static async Task<IResult> Get(string roomId, string path, HttpContext http, HlsRoomStore store, HlsOriginProxy proxy,
        IGrainFactory grains, CancellationToken ct)
    {
        // A live the platform took down is not replayed (one grain call per replay request; live HLS needs none).
        if (path.StartsWith("replay/", StringComparison.Ordinal) && RoomErrors.IsRoomId(roomId)
            && await grains.GetGrain<ILiveRoomGrain>(roomId).GetInfo() is { EndReason: RoomEndReason.Removed })
        {
            return Problem.NotFound("hls_not_found", "This live was removed.");
        }
        var query = http.Request.Query;
        var response = await store.GetAsync(roomId, path, query["_HLS_msn"].FirstOrDefault(), query["_HLS_part"].FirstOrDefault(), query["_HLS_skip"].FirstOrDefault(), ct);

        // Not packaged here: the room may be live on another gateway (docs/hls.md, "Multiple gateways").
        if (response.Status == HlsStatus.NotFound && store.GetSession(roomId) is null && !http.Request.Headers.ContainsKey(HlsOriginProxy.ProxiedHeader)
            && await proxy.TryGetAsync(roomId, path + http.Request.QueryString, ct) is { } proxied)
        {
            response = proxied;
        }

        // Players fetch from any origin, and CDNs cache one answer for all of them: allow every origin always.
        http.Response.Headers.AccessControlAllowOrigin = "*";
        http.Response.Headers.CacheControl = response.CacheControl;
        return response.Status switch
        {
            HlsStatus.Ok => Results.Bytes(response.Body, response.ContentType),
            HlsStatus.BadRequest => Problem.BadRequest("hls_request_invalid", response.Error ?? "Invalid HLS request."),
            _ => Problem.NotFound("hls_not_found", response.Error ?? "No such HLS resource."),
        };
    }
}

using System.Security.Claims;
using Stagecast.Contracts.Feed;
using Stagecast.Gateway.Accounts;
using Stagecast.Gateway.Problems;
using Stagecast.Gateway.Videos;

namespace Stagecast.Gateway.Feed;

/// <summary>GET /api/feed: the For You feed, for signed-in and anonymous viewers.</summary>
public static class FeedEndpoints
{
    public const int DefaultPageSize = 10;

    public static IEndpointRouteBuilder MapFeedEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/feed", Get).WithTags("Feed").AllowAnonymous()
            .WithSummary("The next page of the For You feed: followed creators live now first, then ranked videos; never a repeat.")
            .Produces<FeedResponse>().ProducesProblem(400);
        return app;
    }

    private static async Task<IResult> Get(string? cursor, int? size, ClaimsPrincipal user, HttpContext http, IGrainFactory grains, FeedRegions regions)
    {
        string? key = null;
        if (cursor is { Length: > 0 })
        {
            if (!FeedCursor.TryDecode(cursor, out var k, out _) || (!k.StartsWith(FeedCursor.AnonymousPrefix, StringComparison.Ordinal) && k != user.UserId()))
            {
                return Problem.BadRequest("invalid_cursor", "The cursor is not one this feed gave out; start again without it.");
            }
            key = k;
        }
        var userId = user.UserId();
        var restart = key is null || (userId is not null && key != userId);
        key = userId ?? key ?? FeedCursor.AnonymousPrefix + Guid.NewGuid().ToString("N");
        var page = await grains.GetGrain<IViewerFeedGrain>(key).NextIn(restart, Math.Clamp(size ?? DefaultPageSize, 1, 30), await regions.OfAsync(http, grains));
        var origin = VideoUrls.Origin(http);
        return Results.Ok(new FeedResponse(page.Items.Select(e => FeedItems.From(origin, e)).ToList(), FeedCursor.Encode(key, page.Page)));
    }
}

using Stagecast.Gateway.Hosting;

namespace Stagecast.Gateway.Feed;

/// <summary>The For You feed: GET /api/feed and the hub's feed pushes.</summary>
public sealed class FeedModule : IGatewayModule
{
    public void ConfigureServices(WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<FeedRegions>();
        builder.Services.AddHostedService<FeedPushService>();
    }

    public void MapEndpoints(WebApplication app) => app.MapFeedEndpoints();
}

using Stagecast.Gateway.Hosting;

namespace Stagecast.Gateway.Matches;

/// <summary>LIVE Match routes; the score reaches viewers through the rooms' batches (the <c>match</c> hub event).</summary>
public sealed class MatchesModule : IGatewayModule
{
    public void ConfigureServices(WebApplicationBuilder builder)
    {
    }

    public void MapEndpoints(WebApplication app) => app.MapMatchEndpoints().MapMatchOfferEndpoints();
}

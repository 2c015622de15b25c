using Microsoft.Extensions.DependencyInjection;
using Stagecast.Contracts.Feed;
using Stagecast.Contracts.Videos;
using Stagecast.TestInfrastructure;

namespace Stagecast.Feed.Eval;

/// <summary>The production feed: an embedded silo's catalog and viewer feed grains, ranker included.</summary>
public sealed class GrainFeedPolicy(GatewayHost host) : IFeedPolicy
{
    private readonly IGrainFactory _grains = host.Services.GetRequiredService<IGrainFactory>();

    public string Name => "ranker (hand-written)";

    public static async Task<GrainFeedPolicy> StartAsync() => new(await GatewayHost.StartEmbeddedAsync(settings: new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "Warning",
    }));

    public async Task PublishAsync(IReadOnlyList<VideoCard> cards)
    {
        var catalog = _grains.GetGrain<IVideoCatalogGrain>("all");
        foreach (var card in cards)
        {
            await catalog.Upsert(card);
        }
    }

    public async Task<IReadOnlyList<string>> NextAsync(string userId, bool restart, int size)
    {
        var page = await _grains.GetGrain<IViewerFeedGrain>(userId).Next(restart, size);
        return [.. page.Items.Where(i => i.Video is not null).Select(i => i.Video!.VideoId)];
    }

    public async Task ObserveAsync(string userId, VideoCard card, Reaction reaction)
    {
        var feed = _grains.GetGrain<IViewerFeedGrain>(userId);
        await feed.Observe(card, VideoSignalKind.Impression, null);
        if (reaction.Skipped)
        {
            await feed.Observe(card, VideoSignalKind.Skip, null);
            return;
        }
        await feed.Observe(card, VideoSignalKind.View, null);
        await feed.Observe(card, VideoSignalKind.Watch, reaction.WatchedMs);
        if (reaction.Liked)
        {
            await feed.Observe(card, VideoSignalKind.Like, null);
        }
        if (reaction.Shared)
        {
            await feed.Observe(card, VideoSignalKind.Share, null);
        }
    }

    public ValueTask DisposeAsync() => host.DisposeAsync();
}

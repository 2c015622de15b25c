using Microsoft.Extensions.DependencyInjection;
using Stagecast.Contracts.Feed;
using Stagecast.Contracts.Videos;
using Stagecast.Grains.Feed;
using Stagecast.TestInfrastructure;

namespace Stagecast.Feed.Eval;

/// <summary>
/// The production feed: an embedded silo's catalog and viewer feed grains, with the hand-written scorer or the
/// learned ranker (retrained here every <see cref="RetrainEvery"/> publishes instead of on its timer, so runs repeat).
/// </summary>
public sealed class GrainFeedPolicy(GatewayHost host, bool learned) : IFeedPolicy
{
    public const int RetrainEvery = 10;

    private readonly IGrainFactory _grains = host.Services.GetRequiredService<IGrainFactory>();
    private int _publishes;

    public GatewayHost Host => host;

    public string Name => learned ? "ranker (learned, FastTree)" : "ranker (hand-written)";

    /// <summary>Models trained during the run (learned only).</summary>
    public int Models => host.Services.GetRequiredService<LearnedRanker>().Version;

    public static async Task<GrainFeedPolicy> StartAsync(bool learned = false, int catalogShards = 4, bool similar = true) => new(await GatewayHost.StartEmbeddedAsync(settings: new Dictionary<string, string?>
    {
        ["Feed:CatalogShards"] = catalogShards.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Feed:Similar"] = similar ? "true" : "false",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Feed:LearnedRanker"] = learned ? "true" : "false",
        ["Feed:RetrainMinutes"] = "1440",
        ["Feed:MinSamples"] = "1000",
    }), learned);

    public async Task PublishAsync(IReadOnlyList<VideoCard> cards)
    {
        if (learned && ++_publishes % RetrainEvery == 0)
        {
            await Task.Run(host.Services.GetRequiredService<LearnedRanker>().Train);
        }
        var catalog = _grains.GetGrain<IVideoCatalogGrain>(0);
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

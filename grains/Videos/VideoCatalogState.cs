using Stagecast.Contracts.Videos;

namespace Stagecast.Grains.Videos;

/// <summary>The catalog's durable state: every live (not deleted) video's card and its trending heat.</summary>
[GenerateSerializer, Alias("Stagecast.VideoCatalogState")]
public sealed record VideoCatalogState
{
    [Id(0)] public Dictionary<string, VideoCard> Cards { get; init; } = [];
    [Id(1)] public Dictionary<string, TrendHeat> Heat { get; init; } = [];
    /// <summary>Per region (e.g. "DE"), each video's heat from that region's viewers.</summary>
    [Id(2)] public Dictionary<string, Dictionary<string, TrendHeat>> RegionalHeat { get; init; } = [];
}

namespace Stagecast.Grains.Videos;

/// <summary>The video catalog's partitioning ("Feed" section): every silo must use the same count.</summary>
public sealed class CatalogOptions
{
    public const string Section = "Feed";

    /// <summary>Shards the catalog is split into by a hash of the video id (1 to 64): each writes its own part.</summary>
    public int CatalogShards { get; set; } = 4;

    public int Shards => Math.Clamp(CatalogShards, 1, Videos.CatalogShards.Max);
}

using Orleans.Concurrency;

namespace Stagecast.Contracts.Videos;

/// <summary>
/// Item-to-item similarity (one grain, key "all"): each ready video's content vector (hashtags and caption words) and
/// its co-engagement neighbours (videos the same viewers engaged with), learned online and decayed.
/// </summary>
[Alias("Stagecast.IVideoSimilarityGrain")]
public interface IVideoSimilarityGrain : IGrainWithStringKey
{
    /// <summary>Indexes (or re-indexes) ready videos' content and drops videos no longer listed; sent by the catalog.</summary>
    [Alias("Index")]
    Task Index(IReadOnlyList<VideoContent> put, IReadOnlyList<string> removed);

    /// <summary>A viewer engaged with <paramref name="videoId"/> after engaging with <paramref name="recent"/>: each pair gains co-engagement.</summary>
    [Alias("CoEngaged"), OneWay]
    Task CoEngaged(string videoId, IReadOnlyList<string> recent);

    /// <summary>Neighbours of the viewer's recently engaged videos, and the videos nearest their interest vector.</summary>
    [Alias("Similar")]
    Task<SimilarVideos> Similar(SimilarityQuery query);

    /// <summary>A video's co-engagement neighbours with their decayed weights, strongest first.</summary>
    [Alias("Neighbours")]
    Task<IReadOnlyList<SimilarVideo>> Neighbours(string videoId);
}

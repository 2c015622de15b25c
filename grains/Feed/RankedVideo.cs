using Stagecast.Contracts.Videos;

namespace Stagecast.Grains.Feed;

/// <summary>A candidate with its score and the term that contributed most ("why this video").</summary>
public sealed record RankedVideo(VideoCard Card, double Score, string Reason);

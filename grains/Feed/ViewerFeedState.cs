namespace Stagecast.Grains.Feed;

/// <summary>A viewer's durable feed state: what they have been shown, and their learned affinities.</summary>
[GenerateSerializer, Alias("Stagecast.ViewerFeedState")]
public sealed record ViewerFeedState
{
    /// <summary>Video ids already served, oldest first (bounded).</summary>
    [Id(0)] public List<string> Seen { get; init; } = [];
    /// <summary>Interest per "#hashtag", "~caption word" and "@creatorId"; decays with <see cref="Affinities.HalfLife"/>.</summary>
    [Id(1)] public Dictionary<string, double> Affinity { get; init; } = [];
    [Id(2)] public long AffinityAtMs { get; set; }
    /// <summary>Videos the viewer engaged with positively, oldest first (bounded): the seeds of the "similar" source.</summary>
    [Id(3)] public List<string> Engaged { get; init; } = [];
}

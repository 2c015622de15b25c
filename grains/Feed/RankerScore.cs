namespace Stagecast.Grains.Feed;

/// <summary>The learned ranker's output for one candidate: higher is better (a relevance score, not a probability).</summary>
public sealed class RankerScore
{
    public float Score { get; set; }
}

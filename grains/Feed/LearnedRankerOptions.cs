namespace Stagecast.Grains.Feed;

/// <summary>The learned ranker ("Feed" section): on or off, how often it retrains, how much data it needs first.</summary>
public sealed class LearnedRankerOptions
{
    public const string Section = "Feed";

    public bool LearnedRanker { get; set; } = true;

    public double RetrainMinutes { get; set; } = 10;

    /// <summary>Below this many logged impressions the hand-written scorer is used.</summary>
    public int MinSamples { get; set; } = 2000;
}

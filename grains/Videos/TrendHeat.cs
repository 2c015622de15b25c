using Stagecast.Contracts.Videos;

namespace Stagecast.Grains.Videos;

/// <summary>Exponentially decayed engagement (half-life six hours): a video's "trending" score.</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.TrendHeat")]
public sealed record TrendHeat([property: Id(0)] double Value, [property: Id(1)] long AtMs)
{
    public static readonly TimeSpan HalfLife = TimeSpan.FromHours(6);

    public double At(long nowMs) => Value * HalfLives.Factor(AtMs, nowMs, HalfLife);

    public TrendHeat Add(double amount, long nowMs) => new(At(nowMs) + amount, nowMs);

    /// <summary>
    /// log2 of the heat projected to the epoch: every video decays at the same rate, so ordering by this key is
    /// ordering by heat now, at any "now", and an index sorted once stays sorted without rescoring.
    /// </summary>
    public double Key => Value <= 0 ? double.NegativeInfinity : Math.Log2(Value) + AtMs / HalfLife.TotalMilliseconds;

    /// <summary>Engagement weight of a stats snapshot: completions, likes, comments and shares count more than views.</summary>
    public static double Weight(VideoStats s) => s.Views + 2.0 * s.Completions + 3.0 * s.Likes + 4.0 * s.Comments + 5.0 * s.Shares;
}

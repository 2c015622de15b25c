namespace Stagecast.Grains.Videos;

/// <summary>How many viewers engaged with both videos, decayed with <see cref="SimilarityIndex.HalfLife"/> from <paramref name="AtMs"/>.</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.CoWeight")]
public sealed record CoWeight([property: Id(0)] double Weight, [property: Id(1)] long AtMs)
{
    public double At(long nowMs) =>
        nowMs <= AtMs ? Weight : Weight * HalfLives.Factor(AtMs, nowMs, SimilarityIndex.HalfLife);
}

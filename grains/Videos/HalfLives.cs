namespace Stagecast.Grains.Videos;

/// <summary>Exponential decay by half-lives: trending heat, co-engagement weights and a viewer's affinities all fade this way.</summary>
public static class HalfLives
{
    /// <summary>The share of a value left after <paramref name="fromMs"/> to <paramref name="nowMs"/> (above 1 when now is earlier).</summary>
    public static double Factor(long fromMs, long nowMs, TimeSpan halfLife) =>
        Math.Pow(0.5, (nowMs - fromMs) / halfLife.TotalMilliseconds);
}

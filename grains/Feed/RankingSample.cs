namespace Stagecast.Grains.Feed;

/// <summary>One logged impression: the ranker's features when it was served, and the graded outcome (0 to 4).</summary>
public sealed record RankingSample(string Group, float[] Features, float Label);

namespace Stagecast.Feed.Eval;

/// <summary>What a simulated viewer did with one item: watched this long, skipped, liked, shared.</summary>
public sealed record Reaction(long WatchedMs, bool Skipped, bool Liked, bool Shared);

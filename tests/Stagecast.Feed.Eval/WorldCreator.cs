namespace Stagecast.Feed.Eval;

/// <summary>A synthetic creator: a main topic and whether they join during the run (a "new creator").</summary>
public sealed record WorldCreator(int Index, string CreatorId, int Topic, bool IsNew);

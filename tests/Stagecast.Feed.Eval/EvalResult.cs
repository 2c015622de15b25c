namespace Stagecast.Feed.Eval;

/// <summary>One policy's figures over a replay (means over pages or sessions).</summary>
public sealed record EvalResult(string Policy, double RecallAt10, double NdcgAt10, double WatchSecondsPerSession,
    double IntraListDiversity, double NewCreatorExposure, int Pages, int Items);

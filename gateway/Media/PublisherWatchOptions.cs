namespace Stagecast.Gateway.Media;

/// <summary>How often the gateway re-checks its publishers' stream keys ("Ingest:KeyCheckInterval", default 2 s).</summary>
public sealed record PublisherWatchOptions(TimeSpan Interval);

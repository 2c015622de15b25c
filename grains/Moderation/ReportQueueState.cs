using System.Collections.Immutable;
using Stagecast.Contracts.Moderation;

namespace Stagecast.Grains.Moderation;

[GenerateSerializer, Alias("Stagecast.ReportQueueState")]
public sealed record ReportQueueState
{
    /// <summary>Oldest first; closed reports beyond the retention are dropped, open ones never.</summary>
    [Id(0)] public ImmutableList<PlatformReport> Reports { get; init; } = [];
    [Id(1)] public long NextNumber { get; init; } = 1;
}

using System.Collections.Immutable;

namespace Stagecast.Grains.Moderation;

[GenerateSerializer, Alias("Stagecast.OperatorRosterState")]
public sealed record OperatorRosterState
{
    [Id(0)] public ImmutableSortedSet<string> Operators { get; init; } = [];
}

using System.Collections.Immutable;
using Stagecast.Contracts.Moderation;

namespace Stagecast.Grains.Moderation;

[GenerateSerializer, Alias("Stagecast.ModerationAuditState")]
public sealed record ModerationAuditState
{
    /// <summary>Oldest first.</summary>
    [Id(0)] public ImmutableList<AuditEntry> Entries { get; init; } = [];
}

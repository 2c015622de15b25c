using System.Collections.Immutable;

namespace Stagecast.Grains.Matches;

/// <summary>The match that holds a room's slot, if any, and every match that held it.</summary>
[GenerateSerializer, Alias("Stagecast.RoomMatchState")]
public sealed record RoomMatchState
{
    [Id(0)] public string? MatchId { get; init; }
    /// <summary>Matches that claimed the slot, oldest first: a deleted gifter's name is rewritten in their results.</summary>
    [Id(1)] public ImmutableList<string> Played { get; init; } = [];
}

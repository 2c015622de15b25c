namespace Stagecast.Grains.Matches;

/// <summary>The match that holds a room's slot, if any.</summary>
[GenerateSerializer, Alias("Stagecast.RoomMatchState")]
public sealed record RoomMatchState
{
    [Id(0)] public string? MatchId { get; init; }
}

namespace Stagecast.Contracts.Matches;

/// <summary>A host's invitation: their room, the opponent's room and the length asked for (null for the default).</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.MatchInvite")]
public sealed record MatchInvite(
    [property: Id(0)] string ActorId,
    [property: Id(1)] string RoomId,
    [property: Id(2)] string OpponentRoomId,
    [property: Id(3)] int? DurationSeconds);

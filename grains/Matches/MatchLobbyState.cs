namespace Stagecast.Grains.Matches;

/// <summary>The random-match waiting list, oldest first; kept in grain storage so it outlives a silo restart.</summary>
[GenerateSerializer, Alias("Stagecast.MatchLobbyState")]
public sealed record MatchLobbyState
{
    [Id(0)] public List<MatchLobbyEntry> Waiting { get; init; } = [];
}

/// <summary>A host waiting for a random opponent with a live room, since <c>SinceMs</c> (Unix ms).</summary>
[GenerateSerializer, Alias("Stagecast.MatchLobbyEntry")]
public sealed record MatchLobbyEntry(
    [property: Id(0)] string HostId,
    [property: Id(1)] string RoomId,
    [property: Id(2)] int? DurationSeconds,
    [property: Id(3)] long SinceMs);

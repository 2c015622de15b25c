namespace Stagecast.Contracts.Rooms;

/// <summary>
/// What a gateway needs to gate gifts into a room without asking the room per gift: its status, its host (who
/// receives the diamonds) the users banned from it and those its host blocked, as of <see cref="At"/> (Unix milliseconds).
/// </summary>
[GenerateSerializer, Immutable, Alias("Stagecast.GiftGateSnapshot")]
public sealed record GiftGateSnapshot(
    [property: Id(0)] RoomStatus Status,
    [property: Id(1)] string HostId,
    [property: Id(2)] IReadOnlyList<string> Banned,
    [property: Id(3)] long At,
    [property: Id(4)] IReadOnlyList<string>? Blocked = null);

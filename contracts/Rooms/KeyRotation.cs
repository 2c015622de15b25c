namespace Stagecast.Contracts.Rooms;

/// <summary>The outcome of a stream-key rotation: the new key when allowed.</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.KeyRotation")]
public sealed record KeyRotation(
    [property: Id(0)] RoomResult Result,
    [property: Id(1)] string? StreamKey);

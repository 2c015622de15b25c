namespace Stagecast.Contracts.Rooms;

/// <summary>A room's moderation settings: moderators, bans, active mutes (Unix ms until), slow mode, blocked keywords and subscriber-only chat.</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.RoomModeration")]
public sealed record RoomModeration(
    [property: Id(0)] IReadOnlyList<string> Moderators,
    [property: Id(1)] IReadOnlyList<string> Banned,
    [property: Id(2)] IReadOnlyDictionary<string, long> MutedUntil,
    [property: Id(3)] int SlowModeSeconds,
    [property: Id(4)] IReadOnlyList<string> BlockedKeywords,
    [property: Id(5)] bool SubscribersOnly = false);

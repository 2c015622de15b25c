namespace Stagecast.Contracts.Accounts;

/// <summary>A user on someone's block list and when they were blocked.</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.BlockedUser")]
public sealed record BlockedUser(
    [property: Id(0)] string UserId,
    [property: Id(1)] DateTimeOffset At);

namespace Stagecast.Contracts.Wallet;

/// <summary>A creator's Stripe Connect (Express) account, if any.</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.ConnectStatus")]
public sealed record ConnectStatus(
    [property: Id(0)] string? AccountId,
    [property: Id(1)] bool PayoutsEnabled);

namespace Stagecast.Contracts.Wallet;

/// <summary>A cash-out of diamonds worth <paramref name="Cents"/> to the creator's connected account, with its transfer attempts so far.</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.CashoutTicket")]
public sealed record CashoutTicket(
    [property: Id(0)] string CashoutId,
    [property: Id(1)] CashoutStatus Status,
    [property: Id(2)] long Diamonds,
    [property: Id(3)] long Cents,
    [property: Id(4)] string? TransferId,
    [property: Id(5)] string? Failure,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] int Attempts = 0,
    [property: Id(8)] DateTimeOffset? NextAttemptAt = null,
    [property: Id(9)] string? LastError = null);

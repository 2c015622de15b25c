namespace Stagecast.Contracts.Wallet;

/// <summary>A pending purchase of a coin pack.</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.PurchaseTicket")]
public sealed record PurchaseTicket(
    [property: Id(0)] string PurchaseId,
    [property: Id(1)] string PackId,
    [property: Id(2)] long Coins,
    [property: Id(3)] long PriceCents,
    [property: Id(4)] string Currency);

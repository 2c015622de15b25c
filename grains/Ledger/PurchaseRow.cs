namespace Stagecast.Grains.Ledger;

/// <summary>A purchase as stored: status is pending, paid, reversed (paid, then refunded or disputed) or void.</summary>
public sealed record PurchaseRow(string PurchaseId, string UserId, string PackId, long Coins, long PriceCents, string Currency, string? SessionId, string? PaymentRef, string Status);

namespace Stagecast.Gateway.Wallet;

/// <summary>Body of POST /api/wallet/purchases.</summary>
public sealed record PurchaseRequest(string? PackId);

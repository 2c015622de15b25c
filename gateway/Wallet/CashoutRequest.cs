namespace Stagecast.Gateway.Wallet;

/// <summary>Body of POST /api/wallet/cashouts.</summary>
public sealed record CashoutRequest(long Diamonds);

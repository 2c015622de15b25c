namespace Stagecast.Grains.Wallet;

/// <summary>One cash-out transfer to make; <paramref name="Retry"/> says an earlier attempt may have reached the provider.</summary>
public sealed record TransferOrder(string UserId, string CashoutId, long Cents, string AccountId, bool Retry);

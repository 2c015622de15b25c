namespace Stagecast.Grains.Wallet;

/// <summary>A Production silo with no Stripe key: no transfer is made and none is faked; cash-outs wait (retrying) until the key is configured.</summary>
public sealed class UnconfiguredCashoutTransfers : ICashoutTransfers
{
    public Task<TransferResult> TransferAsync(TransferOrder order, CancellationToken ct) =>
        Task.FromResult(new TransferResult(TransferResultKind.Unknown, null, "stripe_not_configured"));
}

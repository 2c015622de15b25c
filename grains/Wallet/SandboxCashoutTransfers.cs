namespace Stagecast.Grains.Wallet;

/// <summary>SANDBOX: every transfer succeeds at once and no money moves.</summary>
public sealed class SandboxCashoutTransfers : ICashoutTransfers
{
    public Task<TransferResult> TransferAsync(TransferOrder order, CancellationToken ct) =>
        Task.FromResult(new TransferResult(TransferResultKind.Paid, "tr_sandbox_" + order.CashoutId, null));
}

namespace Stagecast.Grains.Wallet;

/// <summary>Where cash-out transfers are made: Stripe Connect, or the sandbox. The idempotency key is derived from the cash-out id.</summary>
public interface ICashoutTransfers
{
    Task<TransferResult> TransferAsync(TransferOrder order, CancellationToken ct);
}

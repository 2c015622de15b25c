using Microsoft.Extensions.Logging;
using Stagecast.Contracts.Wallet;
using Stagecast.Grains.Ledger;

namespace Stagecast.Grains.Wallet;

/// <summary>
/// The single writer of one user's coin and diamond accounts: a non-reentrant grain, so each of its ledger
/// commands sees the previous one committed. Many wallets share the silo's group-commit writer, so a hot creator
/// (only ever credited by senders' wallets) serialises nothing.
/// </summary>
public sealed class WalletGrain(
    LedgerService ledger,
    [PersistentState("wallet", "store")] IPersistentState<WalletState> state,
    ILogger<WalletGrain> logger) : Grain, IWalletGrain
{
    private readonly LedgerService _ledger = ledger;

    private string UserId => this.GetPrimaryKeyString();

    private EconomyOptions Economy => _ledger.Economy;

    public async Task<WalletSummary> GetSummary()
    {
        await _ledger.Writer.SubmitAsync<long>(new ReleaseHoldsCommand(UserId));
        return await _ledger.Reader.SummaryAsync(UserId);
    }

    public async Task<GiftReceipt> SendGift(GiftOrder order)
    {
        var now = _ledger.Time.GetUtcNow();
        if (GiftOrders.Refusal(order, UserId, Economy, out var gift) is { } refused)
        {
            return new GiftReceipt(refused, order.RequestId ?? "", 0, 0, now);
        }
        var cost = checked(gift!.Coins * order.Count);
        var releaseAt = (now + Economy.HoldWindow).ToUnixTimeMilliseconds();
        var receipt = await _ledger.Writer.SubmitAsync<GiftReceipt>(new GiftCommand(UserId, order, cost, Economy.CreatorDiamonds(cost), releaseAt));
        if (receipt.Status == GiftStatus.Sent)
        {
            logger.LogDebug("{UserId} sent {Count} x {GiftId} ({Cost} coins) to {RecipientId} in {RoomId}", UserId, order.Count, order.GiftId, cost, order.RecipientId, order.RoomId);
        }
        return receipt;
    }

    public async Task<GiftReceipt?> FindGiftReceipt(string requestId)
    {
        var result = await _ledger.Reader.TransactionResultAsync(GiftCommand.KeyFor(UserId, requestId));
        return result is null ? null : new GiftReceipt(GiftStatus.Repeated, requestId, result.Value, 0, _ledger.Time.GetUtcNow());
    }

    public async Task<PurchaseTicket?> StartPurchase(string packId)
    {
        var pack = Economy.FindPack(packId);
        if (pack is null)
        {
            return null;
        }
        var ticket = new PurchaseTicket("pur_" + Guid.NewGuid().ToString("N"), pack.Id, pack.Coins, pack.PriceCents, pack.Currency);
        return await _ledger.Writer.SubmitAsync<PurchaseTicket>(new StartPurchaseCommand(UserId, ticket));
    }

    public Task AttachCheckout(string purchaseId, string sessionId) =>
        _ledger.Writer.SubmitAsync<int>(new AttachCheckoutCommand(UserId, purchaseId, sessionId));

    public async Task<PaymentOutcome> ApplyPayment(PaymentSignal signal)
    {
        var outcome = await _ledger.Writer.SubmitAsync<PaymentOutcome>(new PaymentCommand(UserId, signal, Economy));
        logger.LogInformation("Payment event {EventId} ({EventType}) for {UserId}: {Outcome}", signal.EventId, signal.EventType, UserId, outcome);
        return outcome;
    }

    public async Task<CashoutTicket> ReserveCashout(string cashoutId, long diamonds)
    {
        var now = _ledger.Time.GetUtcNow();
        var cents = diamonds > 0 ? Economy.CashValueCents(diamonds) : 0;
        if (CashoutTickets.Refusal(diamonds, state.State, Economy) is { } refused)
        {
            return CashoutTickets.Bare(cashoutId, refused, diamonds, cents, now);
        }
        await _ledger.Writer.SubmitAsync<long>(new ReleaseHoldsCommand(UserId));
        var result = await _ledger.Writer.SubmitAsync<object>(new ReserveCashoutCommand(UserId, cashoutId, diamonds, cents));
        return result is CashoutRow row ? CashoutTickets.From(row) : CashoutTickets.Bare(cashoutId, CashoutStatus.InsufficientDiamonds, diamonds, cents, now);
    }

    public async Task<CashoutTicket> SettleCashout(string cashoutId, bool succeeded, string? transferId, string? failure)
    {
        var result = await _ledger.Writer.SubmitAsync<object>(new SettleCashoutCommand(UserId, cashoutId, succeeded, transferId, failure));
        return result is CashoutRow row ? CashoutTickets.From(row) : CashoutTickets.Bare(cashoutId, CashoutStatus.Unknown, 0, 0, _ledger.Time.GetUtcNow());
    }

    public async Task<IReadOnlyList<CashoutTicket>> GetCashouts(int limit) =>
        (await _ledger.Reader.CashoutsAsync(UserId, Math.Clamp(limit, 1, 500))).Select(CashoutTickets.From).ToArray();

    public Task<IReadOnlyList<LedgerLine>> GetLedger(int limit, long? beforeMs) => _ledger.Reader.LinesAsync(UserId, Math.Clamp(limit, 1, 500), beforeMs);

    public Task<IReadOnlyList<EarningLine>> GetEarnings(int limit) => _ledger.Reader.EarningsAsync(UserId, Math.Clamp(limit, 1, 500));

    public Task<ConnectStatus> GetConnect() => Task.FromResult(new ConnectStatus(state.State.ConnectAccountId, state.State.PayoutsEnabled));

    public async Task<ConnectStatus> SetConnect(string accountId, bool payoutsEnabled)
    {
        state.State = state.State with { ConnectAccountId = accountId, PayoutsEnabled = payoutsEnabled };
        await state.WriteStateAsync();
        return new ConnectStatus(accountId, payoutsEnabled);
    }
}

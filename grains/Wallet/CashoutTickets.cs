using Stagecast.Contracts.Wallet;
using Stagecast.Grains.Ledger;

namespace Stagecast.Grains.Wallet;

/// <summary>Cash-out tickets: what a ledger row reads as, and the refusals made before the ledger is asked; pure.</summary>
internal static class CashoutTickets
{
    public static CashoutTicket From(CashoutRow row) => new(row.CashoutId, row.Status switch
    {
        "reserved" or "retrying" when row.LastError == CashoutHoldCommand.Marker => CashoutStatus.Held,
        "reserved" => CashoutStatus.Reserved,
        "retrying" => CashoutStatus.Retrying,
        "paid" => CashoutStatus.Paid,
        "reversed" => CashoutStatus.Reversed,
        _ => CashoutStatus.Failed,
    }, row.Diamonds, row.Cents, row.TransferId, row.Failure, DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedAtMs),
        row.Attempts, row.NextAttemptAtMs is { } next ? DateTimeOffset.FromUnixTimeMilliseconds(next) : null, row.LastError);

    /// <summary>A ticket with only a status: refused, or nothing known.</summary>
    public static CashoutTicket Bare(string cashoutId, CashoutStatus status, long diamonds, long cents, DateTimeOffset now) =>
        new(cashoutId, status, diamonds, cents, null, null, now);

    /// <summary>Why a reservation is refused before the ledger is asked (below the minimum, not onboarded), or null.</summary>
    public static CashoutStatus? Refusal(long diamonds, WalletState wallet, EconomyOptions economy) =>
        diamonds < economy.MinimumCashoutDiamonds ? CashoutStatus.BelowMinimum
        : wallet is not { ConnectAccountId: not null, PayoutsEnabled: true } ? CashoutStatus.NotOnboarded
        : null;
}

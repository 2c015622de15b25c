using Stagecast.Contracts.Privacy;
using static Stagecast.Grains.Ledger.LedgerAccounts;

namespace Stagecast.Grains.Ledger;

/// <summary>
/// Replaces a deleted user's id by a tombstone id in every ledger row, in one transaction, after checking that nothing
/// is open: no coins, diamonds or coin debt, no cash-out still reserved or retrying. Entries keep their amounts, so
/// every transaction, currency and account still balances; no mapping back to the user is stored. With
/// <c>checkOnly</c> it only answers whether deletion would be allowed.
/// </summary>
public sealed class PseudonymiseCommand(string userId, string tombstoneId, bool checkOnly = false) : LedgerCommand
{
    /// <summary>Every ledger column that can hold a user id (in an account name, a transaction key or a note).</summary>
    public static readonly (string Table, string Column)[] Columns =
    [
        ("ledger_tx", "tx_key"), ("ledger_tx", "user_id"), ("ledger_tx", "meta"),
        ("ledger_entry", "tx_key"), ("ledger_entry", "account"),
        ("ledger_balance", "account"),
        ("ledger_hold", "tx_key"), ("ledger_hold", "creator_id"), ("ledger_hold", "sender_id"),
        ("ledger_purchase", "user_id"), ("ledger_cashout", "user_id"),
        ("ledger_subscription", "subscriber_id"), ("ledger_subscription", "creator_id"),
        ("ledger_sub_invoice", "creator_id"), ("ledger_reversal_clawback", "creator_id"),
    ];

    public override string? Key => null;

    public override string? Shard => userId;

    public override async Task<object> ExecuteAsync(LedgerBatch batch)
    {
        await batch.FlushHoldsAsync();
        // A cash-out in flight first: its diamonds are reserved, and the answer to that is to wait, not to cash out.
        await using (var open = batch.Command("SELECT COUNT(*) FROM ledger_cashout WHERE user_id = @u AND status IN ('reserved', 'retrying')"))
        {
            LedgerBatch.Add(open, "@u", userId);
            var count = Convert.ToInt32(await open.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
            if (count > 0)
            {
                return new AccountDeletion(AccountDeletionStatus.PendingCashout, OpenCashouts: count);
            }
        }
        var b = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var account in OfUser(userId))
        {
            b[account] = await batch.BalanceAsync(account);
        }
        var diamonds = b[AvailableDiamonds(userId)] + b[ReservedDiamonds(userId)];
        if (b[Coins(userId)] != 0 || b[CoinReceivable(userId)] != 0 || diamonds != 0 || b[PendingDiamonds(userId)] != 0)
        {
            return new AccountDeletion(AccountDeletionStatus.OpenBalance, b[Coins(userId)] + b[CoinReceivable(userId)], diamonds, b[PendingDiamonds(userId)]);
        }
        if (checkOnly)
        {
            return new AccountDeletion(AccountDeletionStatus.Deleted);
        }
        foreach (var (table, column) in Columns)
        {
            await using var update = batch.Command(
                $"UPDATE {table} SET {column} = REPLACE({column}, @id, @tomb) WHERE {column} LIKE @like");
            LedgerBatch.Add(update, "@id", userId);
            LedgerBatch.Add(update, "@tomb", tombstoneId);
            LedgerBatch.Add(update, "@like", "%" + userId + "%");
            await update.ExecuteNonQueryAsync();
        }
        return new AccountDeletion(AccountDeletionStatus.Deleted);
    }
}

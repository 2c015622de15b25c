using Stagecast.Contracts.Wallet;

namespace Stagecast.Grains.Ledger;

/// <summary>Records a pending purchase; coins move only when the payment provider confirms it.</summary>
public sealed class StartPurchaseCommand(string userId, PurchaseTicket ticket) : LedgerCommand
{
    public override string? Key => null;

    public override string? Shard => userId;

    public override async Task<object> ExecuteAsync(LedgerBatch batch)
    {
        await using var command = batch.Command("""
            INSERT INTO ledger_purchase (purchase_id, user_id, pack_id, coins, price_cents, currency, status, created_at)
            VALUES (@id, @u, @p, @c, @price, @cur, 'pending', @at) ON CONFLICT (purchase_id) DO NOTHING
            """);
        LedgerBatch.Add(command, "@id", ticket.PurchaseId);
        LedgerBatch.Add(command, "@u", userId);
        LedgerBatch.Add(command, "@p", ticket.PackId);
        LedgerBatch.Add(command, "@c", ticket.Coins);
        LedgerBatch.Add(command, "@price", ticket.PriceCents);
        LedgerBatch.Add(command, "@cur", ticket.Currency);
        LedgerBatch.Add(command, "@at", batch.NowMs);
        await command.ExecuteNonQueryAsync();
        return ticket;
    }
}

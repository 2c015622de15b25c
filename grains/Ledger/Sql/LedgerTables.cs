namespace Stagecast.Grains.Ledger.Sql;

/// <summary>The ledger tables written in bulk at the end of a batch, and their columns in insert order.</summary>
public static class LedgerTables
{
    public const string Tx = "ledger_tx", Entry = "ledger_entry", Hold = "ledger_hold", Balance = "ledger_balance";

    public static readonly LedgerColumn[] TxColumns =
        [new("tx_key", "text"), new("kind", "text"), new("user_id", "text"), new("result", "bigint"), new("at", "bigint"), new("meta", "text")];

    public static readonly LedgerColumn[] EntryColumns =
        [new("tx_key", "text"), new("seq", "integer"), new("account", "text"), new("currency", "text"), new("amount", "bigint"), new("at", "bigint")];

    public static readonly LedgerColumn[] HoldColumns =
    [
        new("tx_key", "text"), new("creator_id", "text"), new("sender_id", "text"), new("room_id", "text"), new("gift_id", "text"),
        new("coins", "bigint"), new("diamonds", "bigint"), new("at", "bigint"), new("release_at", "bigint"), new("state", "text"),
    ];

    public static readonly LedgerColumn[] BalanceColumns = [new("account", "text"), new("currency", "text"), new("balance", "bigint")];

    /// <summary>Adds a balance delta to the row, creating it when missing.</summary>
    public const string AddToBalance = " ON CONFLICT (account) DO UPDATE SET balance = ledger_balance.balance + excluded.balance";
}

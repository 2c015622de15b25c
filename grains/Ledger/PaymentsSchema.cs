using Stagecast.Grains.Storage;

namespace Stagecast.Grains.Ledger;

/// <summary>
/// Tables for partial refunds, disputes and cash-out retries, beside the ledger's own (same portable SQL). Kept in
/// their own schema so the ledger writer stays untouched: grains that submit these commands ensure it first.
/// </summary>
public static class PaymentsSchema
{
    public const string Name = "ledger-payments-v1";

    public const string Ddl = """
        CREATE TABLE IF NOT EXISTS ledger_purchase_reversal (
            purchase_id TEXT PRIMARY KEY,
            refunded_cents BIGINT NOT NULL,
            coins_reversed BIGINT NOT NULL,
            cents_reversed BIGINT NOT NULL,
            loss_diamonds BIGINT NOT NULL,
            updated_at BIGINT NOT NULL);
        CREATE TABLE IF NOT EXISTS ledger_reversal_clawback (
            purchase_id TEXT NOT NULL,
            creator_id TEXT NOT NULL,
            diamonds BIGINT NOT NULL,
            PRIMARY KEY (purchase_id, creator_id));
        CREATE TABLE IF NOT EXISTS ledger_refund (
            refund_id TEXT PRIMARY KEY,
            purchase_id TEXT NOT NULL,
            amount BIGINT NOT NULL,
            at BIGINT NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_ledger_refund_purchase ON ledger_refund (purchase_id);
        CREATE TABLE IF NOT EXISTS ledger_dispute (
            dispute_id TEXT PRIMARY KEY,
            purchase_id TEXT NOT NULL,
            amount BIGINT NOT NULL,
            status TEXT NOT NULL,
            at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_ledger_dispute_purchase ON ledger_dispute (purchase_id);
        CREATE TABLE IF NOT EXISTS ledger_dispute_funds (
            transaction_id TEXT PRIMARY KEY,
            dispute_id TEXT NOT NULL,
            amount BIGINT NOT NULL,
            fee BIGINT NOT NULL,
            at BIGINT NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_ledger_dispute_funds ON ledger_dispute_funds (dispute_id);
        CREATE TABLE IF NOT EXISTS ledger_orphan_signal (
            event_id TEXT PRIMARY KEY,
            payment_ref TEXT NOT NULL,
            body TEXT NOT NULL,
            at BIGINT NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_ledger_orphan_signal_ref ON ledger_orphan_signal (payment_ref);
        CREATE TABLE IF NOT EXISTS ledger_cashout_retry (
            cashout_id TEXT PRIMARY KEY,
            attempts INTEGER NOT NULL,
            next_at BIGINT NULL,
            last_error TEXT NULL,
            cents_reversed BIGINT NOT NULL,
            diamonds_reversed BIGINT NOT NULL,
            updated_at BIGINT NOT NULL);
        """;

    /// <summary>Creates the tables once per process and database (idempotent DDL).</summary>
    public static Task EnsureAsync(IRelationalDatabase database) => database.EnsureSchemaAsync(Name, Ddl);
}

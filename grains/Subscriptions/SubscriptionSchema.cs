using Stagecast.Grains.Storage;

namespace Stagecast.Grains.Subscriptions;

/// <summary>
/// Subscriptions, their paid invoices, and the refunds and disputes of those invoices, beside the ledger's tables
/// (same portable SQL, same database, so a subscription's state changes in the same transaction as its money).
/// </summary>
public static class SubscriptionSchema
{
    public const string Name = "ledger-subscriptions-v1";

    public const string Ddl = """
        CREATE TABLE IF NOT EXISTS ledger_subscription (
            subscription_id TEXT PRIMARY KEY,
            subscriber_id TEXT NOT NULL,
            creator_id TEXT NOT NULL,
            tier_id TEXT NOT NULL,
            price_cents BIGINT NOT NULL,
            currency TEXT NOT NULL,
            status TEXT NOT NULL,
            provider_ref TEXT NULL,
            period_end BIGINT NULL,
            cancel_at_period_end BIGINT NOT NULL,
            grace_until BIGINT NULL,
            state_at BIGINT NOT NULL,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_ledger_subscription_subscriber ON ledger_subscription (subscriber_id);
        CREATE INDEX IF NOT EXISTS ix_ledger_subscription_creator ON ledger_subscription (creator_id, status);
        CREATE INDEX IF NOT EXISTS ix_ledger_subscription_ref ON ledger_subscription (provider_ref);
        CREATE TABLE IF NOT EXISTS ledger_sub_invoice (
            invoice_id TEXT PRIMARY KEY,
            subscription_id TEXT NOT NULL,
            creator_id TEXT NOT NULL,
            cents BIGINT NOT NULL,
            diamonds BIGINT NOT NULL,
            payment_ref TEXT NULL,
            paid_at BIGINT NOT NULL,
            refunded_cents BIGINT NOT NULL,
            taken_cents BIGINT NOT NULL,
            clawed_diamonds BIGINT NOT NULL,
            loss_diamonds BIGINT NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_ledger_sub_invoice_ref ON ledger_sub_invoice (payment_ref);
        CREATE INDEX IF NOT EXISTS ix_ledger_sub_invoice_creator ON ledger_sub_invoice (creator_id, paid_at);
        CREATE TABLE IF NOT EXISTS ledger_sub_refund (
            refund_id TEXT PRIMARY KEY,
            invoice_id TEXT NOT NULL,
            amount BIGINT NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_ledger_sub_refund_invoice ON ledger_sub_refund (invoice_id);
        CREATE TABLE IF NOT EXISTS ledger_sub_dispute (
            dispute_id TEXT PRIMARY KEY,
            invoice_id TEXT NOT NULL,
            amount BIGINT NOT NULL,
            status TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_ledger_sub_dispute_invoice ON ledger_sub_dispute (invoice_id);
        """;

    /// <summary>Creates the tables once per process and database (idempotent DDL).</summary>
    public static Task EnsureAsync(IRelationalDatabase database) => database.EnsureSchemaAsync(Name, Ddl);
}

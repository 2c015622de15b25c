namespace Stagecast.Grains.Ledger;

/// <summary>The ledger's tables: portable between SQLite and PostgreSQL (BIGINT, TEXT, ON CONFLICT, RETURNING).</summary>
public static class LedgerSchema
{
    public const string Name = "ledger-v1";

    public const string Ddl = """
        CREATE TABLE IF NOT EXISTS ledger_tx (
            tx_key TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            user_id TEXT NULL,
            result BIGINT NOT NULL,
            at BIGINT NOT NULL,
            meta TEXT NULL);
        CREATE TABLE IF NOT EXISTS ledger_entry (
            tx_key TEXT NOT NULL,
            seq INTEGER NOT NULL,
            account TEXT NOT NULL,
            currency TEXT NOT NULL,
            amount BIGINT NOT NULL,
            at BIGINT NOT NULL,
            PRIMARY KEY (tx_key, seq));
        CREATE INDEX IF NOT EXISTS ix_ledger_entry_account ON ledger_entry (account, at);
        CREATE TABLE IF NOT EXISTS ledger_balance (
            account TEXT PRIMARY KEY,
            currency TEXT NOT NULL,
            balance BIGINT NOT NULL);
        CREATE TABLE IF NOT EXISTS ledger_hold (
            tx_key TEXT PRIMARY KEY,
            creator_id TEXT NOT NULL,
            sender_id TEXT NOT NULL,
            room_id TEXT NOT NULL,
            gift_id TEXT NOT NULL,
            coins BIGINT NOT NULL,
            diamonds BIGINT NOT NULL,
            at BIGINT NOT NULL,
            release_at BIGINT NOT NULL,
            state TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_ledger_hold_creator ON ledger_hold (creator_id, state, release_at);
        CREATE INDEX IF NOT EXISTS ix_ledger_hold_sender ON ledger_hold (sender_id, state, at);
        CREATE TABLE IF NOT EXISTS ledger_purchase (
            purchase_id TEXT PRIMARY KEY,
            user_id TEXT NOT NULL,
            pack_id TEXT NOT NULL,
            coins BIGINT NOT NULL,
            price_cents BIGINT NOT NULL,
            currency TEXT NOT NULL,
            session_id TEXT NULL,
            payment_ref TEXT NULL,
            status TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            paid_at BIGINT NULL,
            reversed_at BIGINT NULL);
        CREATE INDEX IF NOT EXISTS ix_ledger_purchase_user ON ledger_purchase (user_id);
        CREATE INDEX IF NOT EXISTS ix_ledger_purchase_session ON ledger_purchase (session_id);
        CREATE INDEX IF NOT EXISTS ix_ledger_purchase_payment ON ledger_purchase (payment_ref);
        CREATE TABLE IF NOT EXISTS ledger_event (
            event_id TEXT PRIMARY KEY,
            type TEXT NOT NULL,
            outcome TEXT NOT NULL,
            at BIGINT NOT NULL);
        CREATE TABLE IF NOT EXISTS ledger_orphan_reversal (
            payment_ref TEXT PRIMARY KEY,
            event_id TEXT NOT NULL,
            at BIGINT NOT NULL);
        CREATE TABLE IF NOT EXISTS ledger_cashout (
            cashout_id TEXT PRIMARY KEY,
            user_id TEXT NOT NULL,
            diamonds BIGINT NOT NULL,
            cents BIGINT NOT NULL,
            status TEXT NOT NULL,
            transfer_id TEXT NULL,
            failure TEXT NULL,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_ledger_cashout_user ON ledger_cashout (user_id, created_at);
        """;
}

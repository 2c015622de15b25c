-- Usage: sqlite3 DIR/stagecast.db < tests/Stagecast.Wallet.Bench/replicate-ledger.sql (DIR: a --data directory of a finished bench run).
-- Makes the bench's ledger K+1 times larger with the same shape: every transaction, entry, hold and purchase is copied K
-- times under new keys (suffix :rN, so gift:… keys stay gift keys), and every balance is multiplied by K+1, so all
-- invariants still hold. Entries of one transaction stay adjacent, in the order the writer inserted them.
.timer on
PRAGMA journal_mode = WAL;
BEGIN;
CREATE TEMP TABLE copies(i INTEGER PRIMARY KEY);
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 5) INSERT INTO copies SELECT i FROM c;
INSERT INTO ledger_tx SELECT t.tx_key || ':r' || c.i, t.kind, t.user_id, t.result, t.at, t.meta FROM copies c CROSS JOIN ledger_tx t ORDER BY c.i, t.rowid;
INSERT INTO ledger_entry SELECT e.tx_key || ':r' || c.i, e.seq, e.account, e.currency, e.amount, e.at FROM copies c CROSS JOIN ledger_entry e ORDER BY c.i, e.rowid;
INSERT INTO ledger_hold SELECT h.tx_key || ':r' || c.i, h.creator_id, h.sender_id, h.room_id, h.gift_id, h.coins, h.diamonds, h.at, h.release_at, h.state FROM copies c CROSS JOIN ledger_hold h ORDER BY c.i, h.rowid;
INSERT INTO ledger_purchase SELECT p.purchase_id || ':r' || c.i, p.user_id, p.pack_id, p.coins, p.price_cents, p.currency, p.session_id, p.payment_ref, p.status, p.created_at, p.paid_at, p.reversed_at FROM copies c CROSS JOIN ledger_purchase p;
UPDATE ledger_balance SET balance = balance * 6;
COMMIT;
PRAGMA wal_checkpoint(TRUNCATE);
SELECT (SELECT COUNT(*) FROM ledger_tx), (SELECT COUNT(*) FROM ledger_entry), (SELECT COUNT(*) FROM ledger_hold), (SELECT COUNT(*) FROM ledger_purchase);

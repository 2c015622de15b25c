using System.Data.Common;

namespace Stagecast.Grains.Ledger;

/// <summary>A cash-out as stored: reserved (retrying while the transfer's outcome is unknown), then paid or failed; paid, then reversed.</summary>
public sealed record CashoutRow(string CashoutId, string UserId, long Diamonds, long Cents, string Status, string? TransferId, string? Failure, long CreatedAtMs,
    int Attempts = 0, long? NextAttemptAtMs = null, string? LastError = null)
{
    public const string Select = "SELECT cashout_id, user_id, diamonds, cents, status, transfer_id, failure, created_at FROM ledger_cashout";

    public static CashoutRow Read(DbDataReader r) => new(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3), r.GetString(4),
        r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6), r.GetInt64(7));
}

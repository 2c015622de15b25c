using System.Data.Common;

namespace Stagecast.Grains.Ledger.Sql;

/// <summary>
/// The statements of a ledger batch whose text depends on the database: the ones that take a whole batch of values
/// in one statement, whose text and parameter count must not grow with the batch. Everything else is plain SQL
/// both stores read alike.
/// </summary>
public interface ILedgerSql
{
    /// <summary>Stored results of many idempotency keys; binds them with <see cref="BindKeys"/>.</summary>
    string SelectResults { get; }

    void BindKeys(DbCommand command, string[] keys);

    /// <summary>Guarded debits of many (account, amount) pairs, returning each debited account and its new balance.</summary>
    string PreDebit { get; }

    void BindDebits(DbCommand command, IReadOnlyList<(string Account, long Amount)> debits);

    /// <summary>An insert of many rows into <paramref name="table"/>, followed by <paramref name="tail"/> (an ON CONFLICT clause).</summary>
    string BulkInsert(string table, IReadOnlyList<LedgerColumn> columns, string tail);

    /// <summary>Binds the rows of a <see cref="BulkInsert"/>: <paramref name="cell"/> gives the value at (row, column).</summary>
    void BindRows(DbCommand command, IReadOnlyList<LedgerColumn> columns, int rows, Func<int, int, object?> cell);
}

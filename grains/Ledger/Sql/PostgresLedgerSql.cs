using System.Collections.Concurrent;
using System.Data.Common;

namespace Stagecast.Grains.Ledger.Sql;

/// <summary>PostgreSQL: a batch of values travels as one typed array per column (<c>ANY</c>, <c>unnest</c>).</summary>
public sealed class PostgresLedgerSql : ILedgerSql
{
    public static readonly PostgresLedgerSql Instance = new();

    private readonly ConcurrentDictionary<(string Table, string Tail), string> _inserts = new();

    private PostgresLedgerSql()
    {
    }

    public string SelectResults => "SELECT tx_key, result FROM ledger_tx WHERE tx_key = ANY(@keys)";

    public void BindKeys(DbCommand command, string[] keys) => LedgerSql.Add(command, "@keys", keys);

    public string PreDebit =>
        "UPDATE ledger_balance SET balance = ledger_balance.balance - v.amount FROM unnest(@accounts, @amounts) AS v(account, amount) "
        + "WHERE ledger_balance.account = v.account AND ledger_balance.balance >= v.amount RETURNING ledger_balance.account, ledger_balance.balance";

    public void BindDebits(DbCommand command, IReadOnlyList<(string Account, long Amount)> debits)
    {
        LedgerSql.Add(command, "@accounts", debits.Select(d => d.Account).ToArray());
        LedgerSql.Add(command, "@amounts", debits.Select(d => d.Amount).ToArray());
    }

    public string BulkInsert(string table, IReadOnlyList<LedgerColumn> columns, string tail) =>
        _inserts.GetOrAdd((table, tail), key =>
            $"INSERT INTO {key.Table} ({string.Join(", ", columns.Select(c => c.Name))}) "
            + $"SELECT * FROM unnest({string.Join(", ", columns.Select((c, i) => $"@c{i}::{c.Type}[]"))}){key.Tail}");

    public void BindRows(DbCommand command, IReadOnlyList<LedgerColumn> columns, int rows, Func<int, int, object?> cell)
    {
        for (var c = 0; c < columns.Count; c++)
        {
            Array values = columns[c].Type switch
            {
                "bigint" => new long[rows],
                "integer" => new int[rows],
                _ => new string?[rows],
            };
            for (var r = 0; r < rows; r++)
            {
                values.SetValue(cell(r, c), r);
            }
            LedgerSql.Add(command, "@c" + c, values);
        }
    }
}

using System.Buffers;
using System.Collections.Concurrent;
using System.Data.Common;
using System.Text;
using System.Text.Json;

namespace Stagecast.Grains.Ledger.Sql;

/// <summary>SQLite: a batch of values travels as one JSON array of rows, read back with <c>json_each</c>.</summary>
public sealed class SqliteLedgerSql : ILedgerSql
{
    public static readonly SqliteLedgerSql Instance = new();

    private readonly ConcurrentDictionary<(string Table, string Tail), string> _inserts = new();

    private SqliteLedgerSql()
    {
    }

    public string SelectResults => "SELECT tx_key, result FROM ledger_tx WHERE tx_key IN (SELECT value FROM json_each(@keys))";

    public void BindKeys(DbCommand command, string[] keys) =>
        LedgerSql.Add(command, "@keys", JsonRows(keys.Length, 1, (r, _, w) => w.WriteStringValue(keys[r]), flat: true));

    public string PreDebit =>
        "UPDATE ledger_balance SET balance = ledger_balance.balance - v.amount "
        + "FROM (SELECT json_extract(value, '$[0]') AS account, json_extract(value, '$[1]') AS amount FROM json_each(@rows)) AS v "
        + "WHERE ledger_balance.account = v.account AND ledger_balance.balance >= v.amount RETURNING ledger_balance.account, ledger_balance.balance";

    public void BindDebits(DbCommand command, IReadOnlyList<(string Account, long Amount)> debits) =>
        LedgerSql.Add(command, "@rows", JsonRows(debits.Count, 2, (r, c, w) =>
        {
            if (c == 0)
            {
                w.WriteStringValue(debits[r].Account);
            }
            else
            {
                w.WriteNumberValue(debits[r].Amount);
            }
        }));

    // "WHERE true" keeps SQLite from reading ON CONFLICT as a join constraint of the SELECT.
    public string BulkInsert(string table, IReadOnlyList<LedgerColumn> columns, string tail) =>
        _inserts.GetOrAdd((table, tail), key =>
            $"INSERT INTO {key.Table} ({string.Join(", ", columns.Select(c => c.Name))}) "
            + $"SELECT {string.Join(", ", columns.Select((_, i) => $"json_extract(value, '$[{i}]')"))} FROM json_each(@rows) WHERE true{key.Tail}");

    public void BindRows(DbCommand command, IReadOnlyList<LedgerColumn> columns, int rows, Func<int, int, object?> cell) =>
        LedgerSql.Add(command, "@rows", JsonRows(rows, columns.Count, (r, c, w) =>
        {
            switch (cell(r, c))
            {
                case null:
                    w.WriteNullValue();
                    break;
                case string text:
                    w.WriteStringValue(text);
                    break;
                case int number:
                    w.WriteNumberValue(number);
                    break;
                case long number:
                    w.WriteNumberValue(number);
                    break;
                case var other:
                    throw new InvalidOperationException($"Unexpected ledger value {other.GetType()}.");
            }
        }));

    /// <summary>A JSON array of rows (each an array of <paramref name="width"/> values), or of single values when flat.</summary>
    private static string JsonRows(int rows, int width, Action<int, int, Utf8JsonWriter> write, bool flat = false)
    {
        var buffer = new ArrayBufferWriter<byte>(rows * width * 24 + 16);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            for (var r = 0; r < rows; r++)
            {
                if (!flat)
                {
                    writer.WriteStartArray();
                }
                for (var c = 0; c < width; c++)
                {
                    write(r, c, writer);
                }
                if (!flat)
                {
                    writer.WriteEndArray();
                }
            }
            writer.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}

using System.Data.Common;

namespace Stagecast.Grains.Ledger.Sql;

/// <summary>Picks the ledger's SQL dialect for a store, and binds parameters the same way on both.</summary>
public static class LedgerSql
{
    /// <summary>The dialect for a store kind, as <see cref="Storage.IRelationalDatabase.Kind"/> names it.</summary>
    public static ILedgerSql For(string kind) => kind switch
    {
        "postgres" => PostgresLedgerSql.Instance,
        "sqlite" => SqliteLedgerSql.Instance,
        _ => throw new NotSupportedException($"No ledger SQL for store kind '{kind}'."),
    };

    public static void Add(DbCommand command, string name, object? value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value ?? DBNull.Value;
        command.Parameters.Add(p);
    }
}

namespace Stagecast.Grains.Ledger.Sql;

/// <summary>A column of a bulk insert: its name and SQL type (<c>text</c>, <c>integer</c> or <c>bigint</c>).</summary>
public readonly record struct LedgerColumn(string Name, string Type);

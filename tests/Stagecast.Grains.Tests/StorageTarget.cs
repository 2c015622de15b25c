using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;
using Stagecast.Grains.Storage;
using Stagecast.TestInfrastructure;

namespace Stagecast.Grains.Tests;

/// <summary>The same storage tests run against a SQLite file and a real PostgreSQL database.</summary>
public static class StorageTarget
{
    public static readonly Serializer Serializer =
        new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    public static async Task<IRelationalDatabase> OpenAsync(string kind, TempDirectory data) => kind switch
    {
        "sqlite" => new SqliteDatabase(Path.Combine(data.Path, "store.db")),
        "postgres" => new PostgresDatabase(await TestServices.CreatePostgresDatabaseAsync("storage")),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static RelationalGrainStorage Storage(IRelationalDatabase database, string serviceId = "svc") =>
        new("store", serviceId, database, Serializer, NullLogger<RelationalGrainStorage>.Instance);
}

[GenerateSerializer, Alias("Stagecast.Tests.CounterState")]
public sealed record CounterState
{
    [Id(0)] public int Value { get; init; }
    [Id(1)] public string Note { get; init; } = "";
}

/// <summary>A minimal IGrainState, as Orleans hands one to a storage provider.</summary>
public sealed class TestGrainState<T> : IGrainState<T> where T : new()
{
    [System.Diagnostics.CodeAnalysis.AllowNull]
    public T State { get; set; } = new();
    public string? ETag { get; set; }
    public bool RecordExists { get; set; }
}

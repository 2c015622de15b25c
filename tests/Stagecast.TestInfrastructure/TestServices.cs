namespace Stagecast.TestInfrastructure;

/// <summary>
/// The real Redis and PostgreSQL that tests/run.sh starts on loopback; their addresses arrive in
/// environment variables. Tests that need them fail with a clear message when they are absent.
/// </summary>
public static class TestServices
{
    /// <summary>StackExchange.Redis configuration string, e.g. "127.0.0.1:6391".</summary>
    public static string Redis => Environment.GetEnvironmentVariable("STAGECAST_TEST_REDIS")
        ?? throw new InvalidOperationException("STAGECAST_TEST_REDIS is not set: run the suite with tests/run.sh, which starts Redis.");

    /// <summary>Npgsql connection string to the server's maintenance database.</summary>
    public static string Postgres => Environment.GetEnvironmentVariable("STAGECAST_TEST_POSTGRES")
        ?? throw new InvalidOperationException("STAGECAST_TEST_POSTGRES is not set: run the suite with tests/run.sh, which starts PostgreSQL.");

    /// <summary>Creates a fresh database and returns a connection string to it.</summary>
    public static async Task<string> CreatePostgresDatabaseAsync(string prefix = "sc")
    {
        var name = $"{prefix}_{Guid.NewGuid():N}";
        await using var connection = new Npgsql.NpgsqlConnection(Postgres);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE \"{name}\"";
        await command.ExecuteNonQueryAsync();
        return new Npgsql.NpgsqlConnectionStringBuilder(Postgres) { Database = name }.ToString();
    }

    /// <summary>The repository root (the folder holding Stagecast.slnx).</summary>
    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "Stagecast.slnx")))
            {
                dir = dir.Parent;
            }
            return dir?.FullName ?? throw new InvalidOperationException("Stagecast.slnx not found above " + AppContext.BaseDirectory);
        }
    }
}

using System.Diagnostics;
using Stagecast.TestInfrastructure;

namespace Stagecast.Cluster.Tests.Storm;

/// <summary>
/// A PostgreSQL server of the test's own (initdb in a temp directory, loopback port), so that the test can stop it
/// with <c>pg_ctl -m immediate</c> (no checkpoint, crash recovery on the next start) without touching the suite's server.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private readonly string _bin;
    private readonly string _data;
    private readonly int _port;

    private PostgresServer(string bin, string data, int port)
    {
        _bin = bin;
        _data = data;
        _port = port;
    }

    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={_port};Username=postgres;Database={database};Timeout=5;Command Timeout=30";

    public static async Task<PostgresServer> StartAsync(string directory)
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin"))
            .Where(b => File.Exists(Path.Combine(b, "pg_ctl"))).OrderBy(b => b, StringComparer.Ordinal).LastOrDefault()
            ?? throw new InvalidOperationException("PostgreSQL is not installed under /usr/lib/postgresql");
        var data = Path.Combine(directory, "pg");
        Directory.CreateDirectory(data);
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", ["postgres:postgres", data]);
        }
        var server = new PostgresServer(bin, data, FreePort.Tcp());
        await server.RunPgAsync("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8"]);
        await server.StartAsync();
        return server;
    }

    public Task StartAsync() => RunPgAsync("pg_ctl", ["-D", _data, "-l", Path.Combine(_data, "server.log"), "-w", "-t", "120",
        "-o", $"-p {_port} -k {_data} -c listen_addresses=127.0.0.1 -c max_connections=200", "start"]);

    /// <summary>Stops at once, like a crash: open connections are cut, the next start replays the WAL.</summary>
    public Task StopImmediateAsync() => RunPgAsync("pg_ctl", ["-D", _data, "-m", "immediate", "-w", "-t", "60", "stop"]);

    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using var connection = new Npgsql.NpgsqlConnection(ConnectionString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE \"{name}\"";
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    private Task RunPgAsync(string tool, string[] arguments) => Environment.UserName == "root"
        ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. arguments])
        : RunAsync(Path.Combine(_bin, tool), arguments);

    private static async Task RunAsync(string file, string[] arguments)
    {
        var info = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await stdout}{await stderr}");
        }
    }

    public void Dispose()
    {
        try
        {
            RunPgAsync("pg_ctl", ["-D", _data, "-m", "immediate", "-w", "stop"]).GetAwaiter().GetResult();
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }
    }
}

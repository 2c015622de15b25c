using System.Diagnostics;
using System.Text;

namespace Stagecast.Media.Videos;

/// <summary>Runs ffmpeg/ffprobe: arguments as a list (no shell), stdout line by line, the tail of stderr kept for errors.</summary>
public static class ToolProcess
{
    public sealed record Outcome(int ExitCode, string Stdout, string StderrTail);

    public static async Task<Outcome> RunAsync(string file, IEnumerable<string> args, Action<string>? onLine, bool lowPriority, CancellationToken ct)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        process.StandardInput.Close();
        if (lowPriority)
        {
            try
            {
                // Encoding must not starve live ingest and fan-out on the same machine.
                process.PriorityClass = ProcessPriorityClass.BelowNormal;
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or PlatformNotSupportedException)
            {
            }
        }
        var stdout = new StringBuilder();
        var stderr = new Queue<string>();
        var readOut = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync(CancellationToken.None) is { } line)
            {
                if (onLine is null)
                {
                    stdout.AppendLine(line);
                }
                else
                {
                    onLine(line);
                }
            }
        }, CancellationToken.None);
        var readErr = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync(CancellationToken.None) is { } line)
            {
                stderr.Enqueue(line);
                if (stderr.Count > 20)
                {
                    stderr.Dequeue();
                }
            }
        }, CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        await Task.WhenAll(readOut, readErr);
        return new Outcome(process.ExitCode, stdout.ToString(), string.Join('\n', stderr));
    }
}

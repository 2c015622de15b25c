namespace Stagecast.Rooms.Load;

/// <summary>CPU time and resident memory of server processes, read from /proc (Linux).</summary>
public static class ProcStats
{
    public static long Rss(int[] pids) => pids.Sum(Rss1);

    public static double CpuSeconds(int[] pids, bool systemOnly = false) => pids.Sum(p => CpuSeconds1(p, systemOnly));

    private static long Rss1(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
    }

    private static double CpuSeconds1(int pid, bool systemOnly)
    {
        // Fields 14 and 15 of /proc/pid/stat (after the parenthesised name): user and system time in clock ticks.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return ((systemOnly ? 0 : long.Parse(fields[11])) + long.Parse(fields[12])) / 100.0;
    }
}

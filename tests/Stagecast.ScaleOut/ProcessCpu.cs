namespace Stagecast.ScaleOut;

/// <summary>CPU seconds (user + system) of named server processes from /proc, summed per role ("silo", "gateway", ...).
/// A process that has exited (the silo killed on purpose) keeps the CPU of its last sample, so sample just before a kill.</summary>
public sealed class ProcessCpu(IReadOnlyList<(string Role, int Pid)> processes)
{
    private readonly Dictionary<int, double> lastSeen = [];

    /// <summary>"silo:123,gateway:456": role and pid pairs (the scale-out script passes every process it started).</summary>
    public static ProcessCpu Parse(string? text) => new(
        (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split(':'))
            .Select(p => (p[0], int.Parse(p[1])))
            .ToList());

    public Dictionary<string, double> Sample()
    {
        var sums = new Dictionary<string, double>();
        foreach (var (role, pid) in processes)
        {
            var seconds = Seconds(pid) ?? lastSeen.GetValueOrDefault(pid);
            lastSeen[pid] = seconds;
            sums[role] = sums.GetValueOrDefault(role) + seconds;
        }
        return sums;
    }

    /// <summary>"silo=1.23s gateway=2.34s" for the CPU used between two samples, and the per-operation cost in µs.</summary>
    public static string Describe(Dictionary<string, double> before, Dictionary<string, double> after, long operations, string unit)
    {
        var parts = after.Keys.Order().Select(role =>
        {
            var used = after[role] - before.GetValueOrDefault(role);
            return $"{role}_cpu_s={used:F2} {role}_us/{unit}={(operations > 0 ? used * 1e6 / operations : 0):F0}";
        }).ToList();
        var servers = after.Where(kv => kv.Key is "silo" or "gateway").Sum(kv => kv.Value - before.GetValueOrDefault(kv.Key));
        parts.Add($"server_us/{unit}={(operations > 0 ? servers * 1e6 / operations : 0):F0}");
        return string.Join(' ', parts);
    }

    private static double? Seconds(int pid)
    {
        try
        {
            // Fields 14 and 15 of /proc/pid/stat (after the parenthesised name): user and system time in clock ticks;
            // 16 and 17 add the reaped children's (PostgreSQL's backends are children of the postmaster).
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(f[11]) + long.Parse(f[12]) + long.Parse(f[13]) + long.Parse(f[14])) / 100.0 + LiveChildren(pid);
        }
        catch (IOException)
        {
            return null; // gone (the silo-kill phase): Sample keeps its last figure
        }
    }

    /// <summary>Running children's CPU (PostgreSQL backends), which /proc/pid/stat counts only once they exit.</summary>
    private static double LiveChildren(int pid)
    {
        double total = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out _))
            {
                continue;
            }
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(f[1]) == pid)
                {
                    total += (long.Parse(f[11]) + long.Parse(f[12])) / 100.0;
                }
            }
            catch (IOException)
            {
            }
        }
        return total;
    }
}

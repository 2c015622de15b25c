namespace Stagecast.Wallet.Bench;

/// <summary>
/// CPU time of a process and its live children, from /proc (Linux): for a PostgreSQL postmaster that is the
/// database's own CPU (backends, WAL writer, checkpointer), which the gateway's process time does not include.
/// Exited children count through the postmaster's cutime/cstime.
/// </summary>
public static class ProcessTreeCpu
{
    public static TimeSpan Read(int rootPid)
    {
        long ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }
            // Fields after the command name (which may hold spaces): state, ppid, ...; utime/stime are fields 14/15, cutime/cstime 16/17.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ppid = int.Parse(fields[1]);
            if (pid == rootPid)
            {
                ticks += long.Parse(fields[11]) + long.Parse(fields[12]) + long.Parse(fields[13]) + long.Parse(fields[14]);
            }
            else if (ppid == rootPid)
            {
                ticks += long.Parse(fields[11]) + long.Parse(fields[12]);
            }
        }
        // USER_HZ is 100 on Linux.
        return TimeSpan.FromMilliseconds(ticks * 10);
    }
}

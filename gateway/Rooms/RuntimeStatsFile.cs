namespace Stagecast.Gateway.Rooms;

/// <summary>
/// Benchmark aid, off unless <c>Stagecast:Rooms:StatsFile</c> is set: every 5 s overwrites that file with this
/// process's managed-heap figures, which the rooms load tool prints beside the server's RSS (memory-growth runs).
/// </summary>
public sealed class RuntimeStatsFile(string path) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5));
        do
        {
            var info = GC.GetGCMemoryInfo();
            // Generation 4 is the pinned-object heap, where Kestrel's and SignalR's pooled I/O buffers live.
            var pinned = info.GenerationInfo.Length > 4 ? info.GenerationInfo[4].SizeAfterBytes : 0;
            var line = $"gcHeapMB={info.HeapSizeBytes / 1048576} fragmentedMB={info.FragmentedBytes / 1048576} " +
                $"pinnedHeapMB={pinned / 1048576} gcCommittedMB={info.TotalCommittedBytes / 1048576} " +
                $"gen0={GC.CollectionCount(0)} gen1={GC.CollectionCount(1)} gen2={GC.CollectionCount(2)} " +
                $"gcPauseMs={GC.GetTotalPauseDuration().TotalMilliseconds:F0} allocatedMB={GC.GetTotalAllocatedBytes() / 1048576} " +
                $"threads={ThreadPool.ThreadCount}";
            await File.WriteAllTextAsync(path + ".tmp", line, stoppingToken);
            File.Move(path + ".tmp", path, overwrite: true);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

using System.Diagnostics;
using Stagecast.ScaleOut;

namespace Stagecast.Cluster.Tests;

/// <summary>The scale-out tool's CPU accounting (tests/Stagecast.ScaleOut): a process killed on purpose (the silo-kill
/// run) must keep the CPU it used up to the kill, not drop out of the per-role total.</summary>
public sealed class ProcessCpuTests
{
    [Fact]
    public async Task A_killed_process_keeps_the_cpu_of_its_last_sample()
    {
        using var busy = Process.Start(new ProcessStartInfo("sh", ["-c", "while :; do :; done"]))!;
        try
        {
            var cpu = new ProcessCpu([("silo", busy.Id)]);
            var before = new Dictionary<string, double> { ["silo"] = 0 };
            var deadline = Stopwatch.StartNew();
            double used;
            while ((used = cpu.Sample()["silo"]) < 0.2)
            {
                Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), $"the busy loop used only {used} s of CPU");
                await Task.Delay(50);
            }
            busy.Kill();
            await busy.WaitForExitAsync();
            Assert.False(Directory.Exists($"/proc/{busy.Id}"));

            var after = cpu.Sample();
            Assert.True(after["silo"] >= used, $"after the kill the silo total fell from {used} to {after["silo"]}");
            Assert.Contains($"silo_cpu_s={after["silo"]:F2}", ProcessCpu.Describe(before, after, 10, "gift"));
        }
        finally
        {
            if (!busy.HasExited)
            {
                busy.Kill();
            }
        }
    }
}

using System.Net;
using Stagecast.Hls.Tests.Infrastructure;
using Stagecast.Media.Hls;
using Stagecast.TestInfrastructure;

namespace Stagecast.Hls.Tests;

/// <summary>Recording retention: by age, by total size (oldest first), never a recording in use; the gateway's periodic job.</summary>
[Collection(GatewayCollection.Name)]
public sealed class RetentionTests(HlsGatewayFixture fixture)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Sweep_DeletesByAgeThenOldestFirstBySize_AndKeepsWhatIsInUse()
    {
        using var root = new TempDirectory("stagecast-hls-retention");
        var old = Recording(root.Path, "room-a", "old", ageDays: 40, bytes: 1000);
        var oldInUse = Recording(root.Path, "room-a", "old-live", ageDays: 40, bytes: 1000);
        var twoDays = Recording(root.Path, "room-b", "two-days", ageDays: 2, bytes: 2000);
        var oneDay = Recording(root.Path, "room-b", "one-day", ageDays: 1, bytes: 3000);
        var today = Recording(root.Path, "room-c", "today", ageDays: 0, bytes: 1000);

        var result = RecordingRetention.Sweep(root.Path, Now, TimeSpan.FromDays(30), maxBytes: 4500, (room, session) => session == "old-live");

        // Age: "old" goes. Size: 7000 bytes left > 4500, so the oldest go until 2000 remain ("old-live" is in use).
        Assert.False(Directory.Exists(old));
        Assert.True(Directory.Exists(oldInUse));
        Assert.False(Directory.Exists(twoDays));
        Assert.False(Directory.Exists(oneDay));
        Assert.True(Directory.Exists(today));
        Assert.False(Directory.Exists(Path.Combine(root.Path, "room-b")), "an emptied room folder is removed");
        Assert.Equal(new RetentionResult(3, 6000, 2, 2000), result);

        // No limits: nothing is deleted.
        Assert.Equal(0, RecordingRetention.Sweep(root.Path, Now.AddYears(5), null, null, (_, _) => false).Deleted);
        Assert.True(Directory.Exists(today));
    }

    [Fact]
    public async Task GatewayJob_DeletesRecordingsPastTheRetention_AndTheirReplayIsGone()
    {
        var room = "retention-" + Guid.NewGuid().ToString("N")[..8];
        var expired = Recording(fixture.RecordingDirectory, room, "20261001T000000000Z-abcdef", ageDays: 58, bytes: 100, now: DateTimeOffset.UtcNow);
        File.WriteAllText(Path.Combine(expired, "replay.m3u8"), "#EXTM3U\n");
        File.SetLastWriteTimeUtc(Path.Combine(expired, "replay.m3u8"), DateTime.UtcNow.AddDays(-58));
        var recent = Recording(fixture.RecordingDirectory, room + "-b", "20261127T000000000Z-abcdef", ageDays: 1, bytes: 100, now: DateTimeOffset.UtcNow);
        File.WriteAllText(Path.Combine(recent, "replay.m3u8"), "#EXTM3U\n");
        File.SetLastWriteTimeUtc(Path.Combine(recent, "replay.m3u8"), DateTime.UtcNow.AddDays(-1));

        // The job sweeps every second in this gateway (Hls:RetentionSweepSeconds=1, Hls:RecordingRetentionDays=30).
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (Directory.Exists(expired)) await Task.Delay(200, guard.Token);

        Assert.True(Directory.Exists(recent));
        using var client = new HttpClient { BaseAddress = fixture.Host.BaseAddress };
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/hls/{room}/replay/index.m3u8")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/hls/{room}-b/replay/index.m3u8")).StatusCode);
    }

    private static string Recording(string root, string room, string session, int ageDays, int bytes, DateTimeOffset? now = null)
    {
        var directory = Path.Combine(root, room, session);
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, "seg0.m4s");
        File.WriteAllBytes(file, new byte[bytes]);
        File.SetLastWriteTimeUtc(file, (now ?? Now).UtcDateTime.AddDays(-ageDays));
        return directory;
    }
}

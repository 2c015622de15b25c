using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Stagecast.Grains.Reminders;
using Stagecast.TestInfrastructure;

namespace Stagecast.Grains.Tests;

public sealed class RelationalReminderTableTests : IDisposable
{
    private readonly TempDirectory _data = new("stagecast-reminders");

    public void Dispose() => _data.Dispose();

    public static TheoryData<string> Kinds => new() { "sqlite", "postgres" };

    private async Task<RelationalReminderTable> TableAsync(string kind, string service = "svc")
    {
        var table = new RelationalReminderTable(await StorageTarget.OpenAsync(kind, _data), Options.Create(new ClusterOptions { ServiceId = service }));
        await table.Init();
        return table;
    }

    private static ReminderEntry Entry(GrainId grain, string name, int periodMinutes = 1) => new()
    {
        GrainId = grain,
        ReminderName = name,
        StartAt = new DateTime(2026, 11, 27, 12, 0, 0, DateTimeKind.Utc),
        Period = TimeSpan.FromMinutes(periodMinutes),
    };

    [Theory, MemberData(nameof(Kinds))]
    public async Task Upsert_read_and_remove_with_etag(string kind)
    {
        var table = await TableAsync(kind);
        var grain = GrainId.Create("room", "r1");
        var etag1 = await table.UpsertRow(Entry(grain, "hold"));
        var etag2 = await table.UpsertRow(Entry(grain, "hold", periodMinutes: 5));
        Assert.NotEqual(etag1, etag2);

        var row = await table.ReadRow(grain, "hold");
        Assert.NotNull(row);
        Assert.Equal(TimeSpan.FromMinutes(5), row.Period);
        Assert.Equal(new DateTime(2026, 11, 27, 12, 0, 0, DateTimeKind.Utc), row.StartAt);
        Assert.Equal(etag2, row.ETag);

        Assert.False(await table.RemoveRow(grain, "hold", etag1!));
        Assert.True(await table.RemoveRow(grain, "hold", etag2!));
        Assert.Null(await table.ReadRow(grain, "hold"));
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task Ring_ranges_select_by_grain_hash_including_the_wrap(string kind)
    {
        var table = await TableAsync(kind);
        var grains = Enumerable.Range(0, 40).Select(i => GrainId.Create("user", "g" + i)).ToArray();
        foreach (var g in grains)
        {
            await table.UpsertRow(Entry(g, "tick"));
        }
        var hashes = grains.Select(g => g.GetUniformHashCode()).OrderBy(h => h).ToArray();
        var begin = hashes[10];
        var end = hashes[30];

        var inside = await table.ReadRows(begin, end);
        Assert.Equal(20, inside.Reminders.Count);
        Assert.All(inside.Reminders, r => Assert.InRange(r.GrainId.GetUniformHashCode(), begin + 1, end));

        var wrapped = await table.ReadRows(end, begin);
        Assert.Equal(20, wrapped.Reminders.Count);
        Assert.Equal(40, (await table.ReadRows(begin, begin)).Reminders.Count);
        Assert.Single((await table.ReadRows(grains[3])).Reminders);
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task Services_do_not_see_each_others_reminders(string kind)
    {
        var db = await StorageTarget.OpenAsync(kind, _data);
        var a = new RelationalReminderTable(db, Options.Create(new ClusterOptions { ServiceId = "svc-a" }));
        var b = new RelationalReminderTable(db, Options.Create(new ClusterOptions { ServiceId = "svc-b" }));
        var grain = GrainId.Create("room", "shared");
        await a.UpsertRow(Entry(grain, "x"));
        Assert.Single((await a.ReadRows(grain)).Reminders);
        Assert.Empty((await b.ReadRows(grain)).Reminders);
    }
}

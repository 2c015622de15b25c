using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Stagecast.TestInfrastructure;
using Xunit.Abstractions;
using static Stagecast.Cluster.Tests.ClusterApi;

namespace Stagecast.Cluster.Tests;

/// <summary>
/// One trace across processes: a gateway process and a silo process export to the same OTLP receiver, a viewer sends a
/// gift over the hub, and the silo's server span of the wallet grain call carries the gateway's trace id, with the
/// gateway's client span for that call as its parent (Orleans activity propagation, docs/operations.md, "Traces").
/// </summary>
public sealed class TraceSpanTests(ITestOutputHelper output) : IDisposable
{
    private readonly TrackedProcesses _processes = new(output);

    public void Dispose() => _processes.Dispose();

    [Fact]
    public async Task A_gift_trace_holds_the_grain_calls_made_on_the_silo()
    {
        await using var collector = new OtlpCollector();
        var tracing = new Dictionary<string, string>
        {
            ["Stagecast__Tracing__OtlpEndpoint"] = collector.TracesUrl,
            ["OTEL_BSP_SCHEDULE_DELAY"] = "500",
        };
        var cluster = With(await ClusterSettingsAsync("traces"), tracing);
        _processes.Start("silo", PlatformProcess.DllPath("silo", "Stagecast.Silo"), SiloSettings(cluster));
        var port = FreePort.Tcp();
        _processes.Start("gateway", PlatformProcess.DllPath("gateway", "Stagecast.Gateway"), With(cluster, new()
        {
            ["Urls"] = $"http://127.0.0.1:{port}",
            ["Ingest__UdpPort"] = FreePort.Udp().ToString(),
            ["Stagecast__Rtmp__Port"] = FreePort.Tcp().ToString(),
            ["Stagecast__Rtmp__BindAddress"] = "127.0.0.1",
        }));
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        await EventuallyAsync(async () => (await http.GetAsync("/health")).StatusCode == HttpStatusCode.OK
            && (await http.GetFromJsonAsync<JsonElement>("/health")).GetProperty("activeSilos").GetInt32() == 1);

        var host = await RegisterAsync(http, "th");
        var gifter = await RegisterAsync(http, "tg");
        await FundAsync(baseAddress, gifter.Token);
        using var hostApi = Authorized(baseAddress, host.Token);
        var roomId = (await (await hostApi.PostAsJsonAsync("/api/live", new { title = "traced" })).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("roomId").GetString()!;
        (await hostApi.PostAsync($"/api/live/{roomId}/start", null)).EnsureSuccessStatusCode();
        using (var hub = new GiftingClient(baseAddress, gifter.Token, roomId))
        {
            await hub.SendUntilAcknowledgedAsync("traced-gift", Guard, output);
        }

        // The hub call's span on the gateway, the wallet call it made (client span, gateway) and its execution (server span, silo).
        OtlpSpan? gift = null, call = null, served = null;
        await EventuallyAsync(() =>
        {
            var spans = collector.Spans();
            gift = spans.FirstOrDefault(s => s.Service == "stagecast-gateway" && s.Name == "hub SendGift");
            var trace = spans.Where(s => s.TraceId == gift?.TraceId).ToList();
            call = trace.FirstOrDefault(s => s.Service == "stagecast-gateway" && s.Kind == OtlpSpan.Client && IsWalletGift(s));
            served = trace.FirstOrDefault(s => s.Service == "stagecast-silo" && s.Kind == OtlpSpan.Server && IsWalletGift(s));
            return Task.FromResult(served is not null && call is not null);
        }, () => string.Join('\n', collector.Spans().Select(s => $"{s.Service} {s.Scope} {s.Kind} {s.TraceId[..8]} {s.Name}")));
        output.WriteLine($"gift {gift}\ncall {call}\nserved {served}");

        Assert.Equal(gift!.TraceId, served!.TraceId);
        Assert.Equal(call!.SpanId, served.ParentSpanId);
        Assert.Equal("Microsoft.Orleans.Application", served.Scope);
    }

    private static bool IsWalletGift(OtlpSpan span) =>
        span.Name.Contains("WalletGrain", StringComparison.Ordinal) && span.Name.Contains("SendGift", StringComparison.Ordinal);
}

using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Stagecast.Gateway.Hosting;
using Stagecast.Gateway.Media;
using Stagecast.Ingest.Tests.Loopback;
using Stagecast.Media.AccessUnits;
using Stagecast.TestInfrastructure;

namespace Stagecast.Ingest.Tests.Gateway;

/// <summary>Test double for the lead's room authority: rooms and keys in a dictionary, calls recorded.</summary>
public sealed class FakeRoomMediaAuthority : IRoomMediaAuthority
{
    public ConcurrentDictionary<string, string> Keys { get; } = new();
    public ConcurrentQueue<string> Started { get; } = new();
    public ConcurrentQueue<string> Ended { get; } = new();

    public ValueTask<bool> IsValidStreamKeyAsync(string roomId, string streamKey, CancellationToken ct) =>
        ValueTask.FromResult(Keys.TryGetValue(roomId, out var key) && key == streamKey);

    public ValueTask MediaStartedAsync(string roomId, CancellationToken ct)
    {
        Started.Enqueue(roomId);
        return ValueTask.CompletedTask;
    }

    public ValueTask MediaEndedAsync(string roomId, CancellationToken ct)
    {
        Ended.Enqueue(roomId);
        return ValueTask.CompletedTask;
    }
}

/// <summary>The real gateway (embedded silo) on Kestrel with the authority double and a recording sink.</summary>
/// <summary>Applies last-minute replacements when the container is built, after every module has registered.</summary>
internal sealed class OverridingFactory(Action<IServiceCollection> overrides) : IServiceProviderFactory<IServiceCollection>
{
    public IServiceCollection CreateBuilder(IServiceCollection services)
    {
        overrides(services);
        return services;
    }

    public IServiceProvider CreateServiceProvider(IServiceCollection containerBuilder) =>
        containerBuilder.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
}

public sealed class WhipGatewayHost : IAsyncLifetime
{
    private readonly TempDirectory _data = new("stagecast-whip");
    private WebApplication? _app;

    public FakeRoomMediaAuthority Authority { get; } = new();

    /// <summary>When set (before start), every room's ingesting gateway is this one: WHIP DELETE/PATCH of unknown sessions go there.</summary>
    public Uri? IngestingGateway { get; init; }
    public RecordingOutputFactory Outputs { get; } = new();
    public Uri BaseAddress { get; private set; } = null!;
    public IServiceProvider Services => _app!.Services;

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Stagecast:Mode"] = "Embedded",
            ["Stagecast:DataDirectory"] = _data.Path,
            ["Stagecast:SiloPort"] = FreePort.Tcp().ToString(),
            ["Stagecast:GatewayPort"] = FreePort.Tcp().ToString(),
            ["Ingest:UdpPort"] = "0",
            ["Ingest:Addresses:0:Bind"] = "127.0.0.1",
            ["Ingest:SessionTimeout"] = "00:00:03",
            ["Stagecast:Payments:Sandbox"] = "true",
        };
        _app = GatewayApp.Build(["--urls", "http://127.0.0.1:0", "--environment", "Development"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            // The rooms and HLS modules register the real ones after this callback; swap in the doubles last.
            builder.Host.UseServiceProviderFactory(new OverridingFactory(services =>
            {
                services.Replace(ServiceDescriptor.Singleton<IRoomMediaAuthority>(Authority));
                services.Replace(ServiceDescriptor.Singleton<ILiveOutputFactory>(Outputs));
                if (IngestingGateway is { } origin)
                {
                    services.Replace(ServiceDescriptor.Singleton<IHlsOriginLocator>(new FixedOriginLocator(origin)));
                }
            }));
        });
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _app.StopAsync(cts.Token);
            await _app.DisposeAsync();
        }
        _data.Dispose();
    }
}

using Stagecast.TestInfrastructure;

namespace Stagecast.Gateway.Tests;

/// <summary>One embedded gateway on real Kestrel shared by the tests of a class.</summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    public GatewayHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await GatewayHost.StartEmbeddedAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

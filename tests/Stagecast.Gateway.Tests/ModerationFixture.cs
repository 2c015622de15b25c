using Stagecast.TestInfrastructure;

namespace Stagecast.Gateway.Tests;

/// <summary>An embedded gateway with one configured operator and a small report limit.</summary>
public sealed class ModerationFixture : IAsyncLifetime
{
    public const string OperatorName = "opsboss";

    public const int ReportsPerHour = 4;

    public GatewayHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await GatewayHost.StartEmbeddedAsync(settings: new Dictionary<string, string?>
    {
        ["Stagecast:Moderation:Operators"] = OperatorName,
        ["Stagecast:Moderation:ReportsPerHour"] = ReportsPerHour.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

using Stagecast.TestInfrastructure;

namespace Stagecast.Gateway.Tests;

/// <summary>A real SMTP server (npm smtp-server) and an embedded gateway that mails through it.</summary>
public sealed class MailFixture : IAsyncLifetime
{
    public SmtpSink Smtp { get; private set; } = null!;

    public GatewayHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Smtp = await SmtpSink.StartAsync();
        Host = await GatewayHost.StartEmbeddedAsync(settings: new Dictionary<string, string?>
        {
            ["Stagecast:Mail:SmtpHost"] = "127.0.0.1",
            ["Stagecast:Mail:SmtpPort"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Stagecast:Mail:Security"] = "none",
            ["Stagecast:Mail:PublicBaseUrl"] = "https://stagecast.example",
        });
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}

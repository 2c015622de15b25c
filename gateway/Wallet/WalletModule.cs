using Stagecast.Gateway.Hosting;
using Stagecast.Gateway.Payments;
using Stagecast.Contracts.Wallet;

namespace Stagecast.Gateway.Wallet;

/// <summary>Coins and money: economy settings (with the gift catalog), the payment provider (Stripe or sandbox), wallet and payment routes.</summary>
public sealed class WalletModule : IGatewayModule
{
    public void ConfigureServices(WebApplicationBuilder builder)
    {
        var economy = EconomyOptions.From(builder.Configuration);
        var stripe = builder.Configuration.GetSection(StripeSettings.Section).Get<StripeSettings>() ?? new StripeSettings();
        var sandbox = PaymentsSettings.UseSandbox(builder.Configuration, stripe, builder.Environment);
        builder.Services.AddSingleton(economy);
        builder.Services.AddSingleton(stripe);
        if (sandbox)
        {
            builder.Services.AddSingleton<SandboxCheckoutToken>();
            builder.Services.AddSingleton<IPaymentProvider, SandboxPaymentProvider>();
        }
        else
        {
            builder.Services.AddSingleton<IPaymentProvider, StripePaymentProvider>();
        }
    }

    public void MapEndpoints(WebApplication app)
    {
        var provider = app.Services.GetRequiredService<IPaymentProvider>();
        app.Logger.LogInformation("Payments: {Provider} provider{Warning}", provider.Name, provider.Name == "sandbox" ? " (SANDBOX: no real money moves)" : "");
        WalletEndpoints.Map(app);
        StripeWebhookEndpoint.Map(app);
        if (provider is SandboxPaymentProvider)
        {
            SandboxCheckoutEndpoints.Map(app);
        }
        AdminLedgerEndpoints.Map(app);
    }
}

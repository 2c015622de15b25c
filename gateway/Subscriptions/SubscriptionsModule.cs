using Stagecast.Contracts.Subscriptions;
using Stagecast.Gateway.Hosting;
using Stagecast.Gateway.Payments;

namespace Stagecast.Gateway.Subscriptions;

/// <summary>Monthly subscriptions: tiers from configuration, the provider (Stripe or the sandbox, as for coins), routes and the sandbox checkout.</summary>
public sealed class SubscriptionsModule : IGatewayModule
{
    public void ConfigureServices(WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(SubscriptionOptions.From(builder.Configuration));
        builder.Services.AddSingleton<SubscriberBadges>();
        builder.Services.AddSingleton<ISubscriptionProvider>(sp => sp.GetRequiredService<IPaymentProvider>() is SandboxPaymentProvider
            ? new SandboxSubscriptionProvider(TimeProvider.System, sp.GetRequiredService<SandboxCheckoutToken>())
            : new StripeSubscriptionProvider(sp.GetRequiredService<StripeSettings>(), TimeProvider.System));
    }

    public void MapEndpoints(WebApplication app)
    {
        SubscriptionEndpoints.Map(app);
        if (app.Services.GetRequiredService<ISubscriptionProvider>() is SandboxSubscriptionProvider)
        {
            SandboxSubscriptionEndpoints.Map(app);
        }
    }
}

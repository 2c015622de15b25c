namespace Stagecast.Gateway.Payments;

/// <summary>The "Stagecast:Stripe" section. Without a SecretKey the gateway starts only with "Stagecast:Payments:Sandbox=true" (PaymentsSettings).</summary>
public sealed class StripeSettings
{
    public const string Section = "Stagecast:Stripe";

    public string? SecretKey { get; set; }

    public string? WebhookSecret { get; set; }

    /// <summary>Overrides https://api.stripe.com (tests aim it at a local fake).</summary>
    public string? ApiBase { get; set; }

    /// <summary>Seconds a webhook's signed timestamp may differ from now.</summary>
    public int WebhookToleranceSeconds { get; set; } = 300;

    /// <summary>Where Checkout returns the buyer; relative paths are resolved against the request's origin.</summary>
    public string SuccessUrl { get; set; } = "/wallet.html?purchase=success";

    public string CancelUrl { get; set; } = "/wallet.html?purchase=cancelled";

    /// <summary>Where Connect onboarding returns the creator, and where an expired link sends them to mint a new one.</summary>
    public string ConnectReturnUrl { get; set; } = "/wallet.html?connect=return";

    public string ConnectRefreshUrl { get; set; } = "/wallet.html?connect=refresh";

    /// <summary>Country of new Express accounts.</summary>
    public string ConnectCountry { get; set; } = "US";

    /// <summary>Currency of cash-out transfers.</summary>
    public string PayoutCurrency { get; set; } = "usd";

    public bool UsesStripe => !string.IsNullOrWhiteSpace(SecretKey);
}

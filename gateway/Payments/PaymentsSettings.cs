using Stagecast.Gateway.Hosting;

namespace Stagecast.Gateway.Payments;

/// <summary>
/// Which payment provider runs: Stripe when its keys are set, the sandbox only when "Stagecast:Payments:Sandbox"
/// is true, never because of the environment's name; the sandbox is refused in Production.
/// </summary>
public static class PaymentsSettings
{
    public const string SandboxKey = "Stagecast:Payments:Sandbox";

    /// <summary>True for the sandbox, false for Stripe; a missing or contradictory setting ends start-up.</summary>
    public static bool UseSandbox(IConfiguration configuration, StripeSettings stripe, IHostEnvironment environment)
    {
        var value = configuration[SandboxKey];
        var sandbox = false;
        if (!string.IsNullOrWhiteSpace(value) && !bool.TryParse(value, out sandbox))
        {
            throw new StartupConfigurationException($"{SandboxKey} must be true or false, not \"{value}\".");
        }
        if (sandbox && environment.IsProduction())
        {
            throw new StartupConfigurationException(
                $"{SandboxKey}=true is refused in the Production environment (the sandbox credits coins without real money); set the Stagecast:Stripe keys instead.");
        }
        if (sandbox && stripe.UsesStripe)
        {
            throw new StartupConfigurationException(
                $"Both {SandboxKey}=true and Stagecast:Stripe:SecretKey are set: choose the sandbox or real payments, not both.");
        }
        if (!sandbox && !stripe.UsesStripe)
        {
            throw new StartupConfigurationException(
                $"Payments are not configured: set Stagecast:Stripe:SecretKey and Stagecast:Stripe:WebhookSecret for real payments (docs/ledger.md), "
                + $"or {SandboxKey}=true to try Stagecast without real money (refused in Production).");
        }
        return sandbox;
    }
}

using Stagecast.Contracts.Wallet;

namespace Stagecast.Gateway.Payments;

/// <summary>
/// SANDBOX: no money moves. Checkout is a local page whose one button confirms the purchase; onboarding enables
/// payouts at once; transfers (made by the silo's SandboxCashoutTransfers) always succeed.
/// It runs only when "Stagecast:Payments:Sandbox" is true, and never in the Production environment (PaymentsSettings).
/// </summary>
public sealed class SandboxPaymentProvider(SandboxCheckoutToken tokens) : IPaymentProvider
{
    public string Name => "sandbox";

    /// <summary>The checkout link carries the buyer's token: the page and its confirm refuse anyone without it.</summary>
    public Task<CheckoutSessionInfo> CreateCheckoutAsync(string userId, PurchaseTicket ticket, Uri origin, CancellationToken ct) =>
        Task.FromResult(new CheckoutSessionInfo("sandbox_" + ticket.PurchaseId, new Uri(origin,
            $"/wallet/sandbox/checkout/{ticket.PurchaseId}?t={tokens.For(ticket.PurchaseId, userId)}").ToString()));

    public Task<OnboardingLink> CreateOnboardingLinkAsync(string userId, string? accountId, Uri origin, CancellationToken ct) =>
        Task.FromResult(new OnboardingLink(accountId ?? "acct_sandbox_" + userId, new Uri(origin, "/wallet.html?connect=return&sandbox=1").ToString(), true));
}

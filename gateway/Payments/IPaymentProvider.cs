using Stagecast.Contracts.Wallet;

namespace Stagecast.Gateway.Payments;

/// <summary>Where money really moves: Stripe, or the clearly labelled local sandbox.</summary>
public interface IPaymentProvider
{
    /// <summary>"stripe" or "sandbox".</summary>
    string Name { get; }

    Task<CheckoutSessionInfo> CreateCheckoutAsync(string userId, PurchaseTicket ticket, Uri origin, CancellationToken ct);

    Task<OnboardingLink> CreateOnboardingLinkAsync(string userId, string? accountId, Uri origin, CancellationToken ct);
}

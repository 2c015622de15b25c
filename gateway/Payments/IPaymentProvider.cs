using Stagecast.Contracts.Wallet;

namespace Stagecast.Gateway.Payments;

/// <summary>Where money really moves: Stripe, or the clearly labelled local sandbox.</summary>
public interface IPaymentProvider
{
    /// <summary>"stripe" or "sandbox".</summary>
    string Name { get; }

    Task<CheckoutSessionInfo> CreateCheckoutAsync(string userId, PurchaseTicket ticket, Uri origin, CancellationToken ct);

    Task<OnboardingLink> CreateOnboardingLinkAsync(string userId, string? accountId, Uri origin, CancellationToken ct);

    /// <summary>Pays a cash-out; the idempotency key is derived from the cash-out id, so a retry never pays twice.</summary>
    Task<TransferOutcome> TransferAsync(string userId, string cashoutId, long cents, string accountId, CancellationToken ct);
}

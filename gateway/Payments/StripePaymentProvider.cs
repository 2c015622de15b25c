using Stagecast.Contracts.Wallet;
using Stripe;
using Stripe.Checkout;

namespace Stagecast.Gateway.Payments;

/// <summary>Stripe through Stripe.net: Checkout Sessions for coin packs and Connect Express onboarding (cash-out Transfers are made by the silo: StripeCashoutTransfers).</summary>
public sealed class StripePaymentProvider(StripeSettings settings, ILogger<StripePaymentProvider> logger) : IPaymentProvider
{
    private readonly StripeClient _client = new(new StripeClientOptions
    {
        ApiKey = settings.SecretKey,
        ApiBase = string.IsNullOrWhiteSpace(settings.ApiBase) ? null : settings.ApiBase,
        ConnectBase = string.IsNullOrWhiteSpace(settings.ApiBase) ? null : settings.ApiBase,
    });

    public string Name => "stripe";

    public async Task<CheckoutSessionInfo> CreateCheckoutAsync(string userId, PurchaseTicket ticket, Uri origin, CancellationToken ct)
    {
        var metadata = new Dictionary<string, string> { ["purchase_id"] = ticket.PurchaseId, ["user_id"] = userId };
        var session = await new SessionService(_client).CreateAsync(new SessionCreateOptions
        {
            Mode = "payment",
            ClientReferenceId = ticket.PurchaseId,
            Metadata = metadata,
            PaymentIntentData = new SessionPaymentIntentDataOptions { Metadata = metadata },
            LineItems =
            [
                new SessionLineItemOptions
                {
                    Quantity = 1,
                    PriceData = new SessionLineItemPriceDataOptions
                    {
                        Currency = ticket.Currency,
                        UnitAmount = ticket.PriceCents,
                        ProductData = new SessionLineItemPriceDataProductDataOptions { Name = $"{ticket.Coins} coins" },
                    },
                },
            ],
            SuccessUrl = new Uri(origin, settings.SuccessUrl).ToString(),
            CancelUrl = new Uri(origin, settings.CancelUrl).ToString(),
        }, new RequestOptions { IdempotencyKey = $"checkout:{ticket.PurchaseId}" }, ct);
        return new CheckoutSessionInfo(session.Id, session.Url);
    }

    public async Task<OnboardingLink> CreateOnboardingLinkAsync(string userId, string? accountId, Uri origin, CancellationToken ct)
    {
        var payoutsEnabled = false;
        if (accountId is null)
        {
            var account = await new AccountService(_client).CreateAsync(new AccountCreateOptions
            {
                Type = "express",
                Country = settings.ConnectCountry,
                Metadata = new Dictionary<string, string> { ["user_id"] = userId },
                Capabilities = new AccountCapabilitiesOptions { Transfers = new AccountCapabilitiesTransfersOptions { Requested = true } },
            }, new RequestOptions { IdempotencyKey = $"connect-account:{userId}" }, ct);
            accountId = account.Id;
            payoutsEnabled = account.PayoutsEnabled;
            logger.LogInformation("Created Connect account {AccountId} for {UserId}", accountId, userId);
        }
        var link = await new AccountLinkService(_client).CreateAsync(new AccountLinkCreateOptions
        {
            Account = accountId,
            Type = "account_onboarding",
            RefreshUrl = new Uri(origin, settings.ConnectRefreshUrl).ToString(),
            ReturnUrl = new Uri(origin, settings.ConnectReturnUrl).ToString(),
        }, null, ct);
        return new OnboardingLink(accountId, link.Url, payoutsEnabled);
    }
}

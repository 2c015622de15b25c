using Stagecast.Contracts.Wallet;
using Stagecast.Gateway.Problems;
using Stripe;

namespace Stagecast.Gateway.Payments;

/// <summary>
/// POST /api/payments/stripe/webhook: the raw body is verified against Stripe-Signature (HMAC, 300 s tolerance)
/// before anything is read from it. Each event applies at most once (its id is recorded with the ledger change).
/// A failure to apply returns 500, so Stripe retries.
/// </summary>
public static class StripeWebhookEndpoint
{
    public static void Map(WebApplication app)
    {
        app.MapPost("/api/payments/stripe/webhook", HandleAsync).AllowAnonymous().WithTags("Payments")
            .WithSummary("Stripe webhook: checkout, subscription, invoice, refund, dispute, Connect account and transfer reversal events.");
    }

    private static async Task<IResult> HandleAsync(HttpRequest request, StripeSettings settings, IGrainFactory grains, ILogger<StripeSettings> logger)
    {
        if (string.IsNullOrEmpty(settings.WebhookSecret))
        {
            return Problem.NotFound("stripe_not_configured", "No Stripe webhook secret is configured.");
        }
        using var reader = new StreamReader(request.Body);
        var json = await reader.ReadToEndAsync();
        Event stripeEvent;
        try
        {
            stripeEvent = EventUtility.ConstructEvent(json, request.Headers["Stripe-Signature"], settings.WebhookSecret,
                settings.WebhookToleranceSeconds, throwOnApiVersionMismatch: false);
        }
        catch (StripeException ex)
        {
            logger.LogWarning("Rejected Stripe webhook: {Reason}", ex.Message);
            return Problem.BadRequest("invalid_signature", "The Stripe-Signature header does not verify (signature, secret or timestamp).");
        }

        if (await Subscriptions.SubscriptionWebhook.TryApplyAsync(stripeEvent, grains) is { } subscriptionOutcome)
        {
            return Results.Ok(new { received = true, outcome = subscriptionOutcome });
        }
        if (stripeEvent.Type == EventTypes.AccountUpdated && stripeEvent.Data.Object is Account account)
        {
            if (account.Metadata?.TryGetValue("user_id", out var userId) == true)
            {
                await grains.GetGrain<IWalletGrain>(userId).SetConnect(account.Id, account.PayoutsEnabled);
                return Results.Ok(new { received = true, outcome = account.PayoutsEnabled ? "payouts_enabled" : "payouts_disabled" });
            }
            return Results.Ok(new { received = true, outcome = "unknown_account" });
        }
        if (stripeEvent.Type == EventTypes.TransferReversed && stripeEvent.Data.Object is Transfer transfer)
        {
            // A paid cash-out's transfer taken back: its diamonds return to the creator (cumulative amount_reversed).
            var cashoutId = transfer.Metadata?.GetValueOrDefault("cashout_id") ?? transfer.TransferGroup;
            if (string.IsNullOrEmpty(cashoutId))
            {
                return Results.Ok(new { received = true, outcome = "unknown_cashout" });
            }
            var ticket = await grains.GetGrain<ICashoutGrain>(cashoutId).ApplyReversal(stripeEvent.Id, transfer.AmountReversed);
            return Results.Ok(new { received = true, outcome = ticket.Status.ToString() });
        }
        var signal = StripeEventTranslator.ToSignal(stripeEvent);
        if (signal is null)
        {
            return Results.Ok(new { received = true, outcome = "ignored" });
        }
        var outcome = await grains.GetGrain<IPaymentsGrain>(0).Apply(signal);
        return Results.Ok(new { received = true, outcome = outcome.ToString() });
    }
}

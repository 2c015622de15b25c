using System.Security.Claims;
using Stagecast.Contracts.Accounts;
using Stagecast.Contracts.Subscriptions;
using Stagecast.Gateway.Accounts;
using Stagecast.Gateway.Problems;

namespace Stagecast.Gateway.Subscriptions;

/// <summary>Tiers, subscribing through checkout, a subscriber's list with cancel, and a creator's subscribers and earnings.</summary>
public static class SubscriptionEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/api/creators/{userId}/tiers", TiersAsync).AllowAnonymous().WithTags("Subscriptions")
            .WithSummary("The monthly subscription tiers of a creator: [{tierId, name, priceCents, currency}].");
        app.MapPost("/api/subscriptions", SubscribeAsync).RequireAuthorization().WithTags("Subscriptions")
            .WithSummary("Starts a monthly subscription to a creator; it becomes active when the provider reports the first invoice paid.");
        app.MapDelete("/api/subscriptions/{subscriptionId}", CancelAsync).RequireAuthorization().WithTags("Subscriptions")
            .WithSummary("Cancels the caller's subscription at the end of the period already paid.");
        app.MapGet("/api/me/subscriptions", async (ClaimsPrincipal user, IGrainFactory grains) =>
            Results.Ok((await grains.GetGrain<ISubscriptionsGrain>(0).ForSubscriber(user.UserId()!)).Select(Json)))
            .RequireAuthorization().WithTags("Subscriptions").WithSummary("The caller's subscriptions (status active, past_due or canceled), newest first.");
        app.MapGet("/api/me/subscribers", SubscribersAsync).RequireAuthorization().WithTags("Subscriptions")
            .WithSummary("The caller's subscribers as a creator (count of entitled ones, the list) and subscription earnings per day.");
    }

    private static async Task<IResult> TiersAsync(string userId, IGrainFactory grains, SubscriptionOptions options) =>
        await grains.GetGrain<IUserGrain>(userId).GetProfile() is null
            ? Problem.NotFound("unknown_creator", "No such creator.")
            : Results.Ok(options.Tiers.Select(t => new { tierId = t.Id, name = t.Name, priceCents = t.PriceCents, currency = t.Currency }));

    private static async Task<IResult> SubscribeAsync(SubscribeRequest? body, ClaimsPrincipal user, HttpContext http, IGrainFactory grains,
        SubscriptionOptions options, ISubscriptionProvider provider, ILogger<SubscribeRequest> logger)
    {
        var userId = user.UserId()!;
        if (options.FindTier(body?.TierId) is not { } tier)
        {
            return Problem.BadRequest("unknown_tier", $"There is no tier '{body?.TierId}'. GET /api/creators/{{userId}}/tiers lists them.");
        }
        if (string.IsNullOrWhiteSpace(body!.CreatorId) || await grains.GetGrain<IUserGrain>(body.CreatorId).GetProfile() is null)
        {
            return Problem.NotFound("unknown_creator", "No such creator.");
        }
        if (body.CreatorId == userId)
        {
            return Problem.BadRequest("self_subscription", "You cannot subscribe to yourself.");
        }
        if ((await grains.GetGrain<ISubscriptionsGrain>(0).ForSubscriber(userId)).Any(s => s.CreatorId == body.CreatorId && s.Entitled))
        {
            return Problem.Conflict("already_subscribed", "You already subscribe to this creator.");
        }
        var subscriptionId = "sub_" + Guid.NewGuid().ToString("N");
        var view = await grains.GetGrain<ISubscriptionGrain>(subscriptionId).Start(userId, body.CreatorId, tier.Id);
        Payments.CheckoutSessionInfo session;
        try
        {
            session = await provider.CreateCheckoutAsync(view!, tier, new Uri($"{http.Request.Scheme}://{http.Request.Host}/"), http.RequestAborted);
        }
        catch (Stripe.StripeException ex)
        {
            logger.LogWarning(ex, "Checkout for subscription {SubscriptionId} failed", subscriptionId);
            return Problem.Of(StatusCodes.Status502BadGateway, "payment_provider_error", "The payment provider refused the checkout.", ex.StripeError?.Message);
        }
        return Results.Created($"/api/me/subscriptions", new
        {
            subscriptionId, checkoutUrl = session.Url, creatorId = body.CreatorId, tierId = tier.Id, priceCents = tier.PriceCents, currency = tier.Currency,
        });
    }

    private static async Task<IResult> CancelAsync(string subscriptionId, ClaimsPrincipal user, IGrainFactory grains, ISubscriptionProvider provider,
        ILogger<SubscribeRequest> logger, CancellationToken ct)
    {
        var grain = grains.GetGrain<ISubscriptionGrain>(subscriptionId);
        var view = await grain.Get();
        if (view is null || view.SubscriberId != user.UserId())
        {
            return Problem.NotFound("unknown_subscription", "No such subscription.");
        }
        if (!view.Entitled || view.ProviderRef is null)
        {
            return Problem.Conflict("not_active", "Only an active or past-due subscription can be canceled.");
        }
        if (!view.CancelAtPeriodEnd)
        {
            try
            {
                await grain.Apply(await provider.CancelAtPeriodEndAsync(view, ct));
            }
            catch (Stripe.StripeException ex)
            {
                logger.LogWarning(ex, "Cancel of subscription {SubscriptionId} failed", subscriptionId);
                return Problem.Of(StatusCodes.Status502BadGateway, "payment_provider_error", "The payment provider refused the cancellation.", ex.StripeError?.Message);
            }
        }
        return Results.Ok(Json((await grain.Get())!));
    }

    private static async Task<IResult> SubscribersAsync(ClaimsPrincipal user, IGrainFactory grains)
    {
        var index = grains.GetGrain<ISubscriptionsGrain>(0);
        var creatorId = user.UserId()!;
        var all = await index.ForCreator(creatorId);
        var names = await Task.WhenAll(all.Select(s => grains.GetGrain<IUserGrain>(s.SubscriberId).GetProfile()));
        var earnings = await index.Earnings(creatorId);
        return Results.Ok(new
        {
            count = all.Count(s => s.Entitled),
            subscribers = all.Select((s, i) => new
            {
                subscriberId = s.SubscriberId, displayName = names[i]?.DisplayName ?? s.SubscriberId, tierId = s.TierId, status = s.Status,
                since = s.CreatedAt, currentPeriodEnd = s.CurrentPeriodEnd, cancelAtPeriodEnd = s.CancelAtPeriodEnd,
            }),
            earnings = new
            {
                invoices = earnings.Invoices, paidCents = earnings.PaidCents, takenBackCents = earnings.TakenBackCents, diamonds = earnings.Diamonds,
                days = earnings.Days.Select(d => new { day = d.Day, diamonds = d.Diamonds }),
            },
        });
    }

    internal static object Json(SubscriptionView s) => new
    {
        subscriptionId = s.SubscriptionId, creatorId = s.CreatorId, tierId = s.TierId, status = s.Status, currentPeriodEnd = s.CurrentPeriodEnd,
        cancelAtPeriodEnd = s.CancelAtPeriodEnd, priceCents = s.PriceCents, currency = s.Currency, graceUntil = s.GraceUntil,
    };
}

using System.Net;
using Stagecast.Contracts.Subscriptions;
using Stagecast.Gateway.Payments;
using Stagecast.Gateway.Problems;

namespace Stagecast.Gateway.Subscriptions;

/// <summary>
/// The sandbox checkout page of a subscription (its checkoutUrl): the one confirm button pays the first month; once
/// active, "Renew now" pays the next month's invoice and "Fail renewal" makes the renewal fail (past_due, grace period),
/// so the whole lifecycle can be tried without Stripe. No real money moves. The page and its buttons need the
/// subscriber's token from the checkoutUrl (<c>?t=</c>, <see cref="SandboxCheckoutToken"/>): anyone else gets the same
/// 404 as for an unknown subscription; a post from another site is refused with 403.
/// </summary>
public static class SandboxSubscriptionEndpoints
{
    private static readonly string[] Actions = ["confirm", "renew", "fail"];

    public static void Map(WebApplication app)
    {
        var group = app.MapGroup("/subscriptions/sandbox").AllowAnonymous().ExcludeFromDescription();
        group.MapGet("/{subscriptionId}", PageAsync);
        foreach (var action in Actions)
        {
            group.MapPost($"/{{subscriptionId}}/{action}", (string subscriptionId, HttpRequest request, IGrainFactory grains, SandboxCheckoutToken tokens) =>
                GuardedAsync(subscriptionId, request, grains, tokens, action)).DisableAntiforgery();
        }
    }

    private static IResult NotYours() =>
        Problem.NotFound("unknown_subscription", "No such subscription, or this link is not yours: open the checkout link your subscription gave you.");

    /// <summary>The subscription when <paramref name="token"/> is its subscriber's; else null.</summary>
    private static async Task<SubscriptionView?> OwnedAsync(string subscriptionId, string? token, IGrainFactory grains, SandboxCheckoutToken tokens) =>
        await grains.GetGrain<ISubscriptionGrain>(subscriptionId).Get() is { } view && tokens.IsValidSubscription(subscriptionId, view.SubscriberId, token)
            ? view
            : null;

    private static async Task<IResult> GuardedAsync(string subscriptionId, HttpRequest request, IGrainFactory grains, SandboxCheckoutToken tokens, string action)
    {
        if (SandboxCheckoutEndpoints.IsCrossSite(request))
        {
            return Problem.Of(StatusCodes.Status403Forbidden, "cross_site_request", "Refused.", "A sandbox subscription can only be changed from its own page.");
        }
        var token = request.HasFormContentType && (await request.ReadFormAsync()).TryGetValue("t", out var field) ? field.ToString() : request.Query["t"].ToString();
        return await OwnedAsync(subscriptionId, token, grains, tokens) is { } view
            ? await ActAsync(subscriptionId, view, grains, action, token)
            : NotYours();
    }

    private static async Task<IResult> PageAsync(string subscriptionId, string? t, IGrainFactory grains, SandboxCheckoutToken tokens)
    {
        if (await OwnedAsync(subscriptionId, t, grains, tokens) is not { } view)
        {
            return NotYours();
        }
        var id = WebUtility.HtmlEncode(subscriptionId);
        var token = $"""<input type="hidden" name="t" value="{WebUtility.HtmlEncode(t)}">""";
        var price = $"{view.PriceCents / 100}.{view.PriceCents % 100:00} {WebUtility.HtmlEncode(view.Currency.ToUpperInvariant())}";
        var actions = view.Status == SubscriptionStatus.Pending
            ? $"""<form method="post" action="/subscriptions/sandbox/{id}/confirm">{token}<button type="submit" id="confirm">Confirm sandbox payment ({price} / month)</button></form>"""
            : $"""
              <p>Status: <b id="status">{WebUtility.HtmlEncode(view.Status)}</b>, paid until {view.CurrentPeriodEnd:yyyy-MM-dd}</p>
              <form method="post" action="/subscriptions/sandbox/{id}/renew">{token}<button type="submit" id="renew">Renew now (pay next month's invoice)</button></form>
              <form method="post" action="/subscriptions/sandbox/{id}/fail">{token}<button type="submit" id="fail">Fail renewal</button></form>
              """;
        var html = $$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>SANDBOX subscription checkout - no real money</title>
            <link rel="stylesheet" href="/css/sandbox.css"></head>
            <body>
            <p class="banner">SANDBOX PAYMENT PROVIDER: no card is charged and no real money moves. Configure Stagecast:Stripe for real payments.</p>
            <h1>Monthly subscription</h1>
            <p>Subscription <code>{{id}}</code>, {{price}} per month</p>
            {{actions}}
            <p><a href="/subscriptions.html">My subscriptions</a></p>
            </body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8");
    }

    private static async Task<IResult> ActAsync(string subscriptionId, SubscriptionView view, IGrainFactory grains, string action, string token)
    {
        var grain = grains.GetGrain<ISubscriptionGrain>(subscriptionId);
        var now = DateTimeOffset.UtcNow;
        var providerRef = view.ProviderRef ?? "sandbox_" + subscriptionId;
        var periodStart = view.CurrentPeriodEnd is { } end && end > now ? end : now;
        switch (action)
        {
            case "confirm" when view.Status == SubscriptionStatus.Pending:
                await grain.Apply(new SubscriptionSignal($"sandbox:{subscriptionId}:checkout", "sandbox.checkout.completed", SubscriptionSignalKind.CheckoutCompleted,
                    now, subscriptionId, providerRef, ProviderStatus: "paid"));
                await grain.Apply(Invoice(subscriptionId, providerRef, "first", view.PriceCents, now, now.AddMonths(1)));
                return Results.Redirect($"/subscriptions.html?subscribed={Uri.EscapeDataString(subscriptionId)}", permanent: false, preserveMethod: false);
            case "renew" when view.Entitled:
                await grain.Apply(Invoice(subscriptionId, providerRef, Guid.NewGuid().ToString("N"), view.PriceCents, now, periodStart.AddMonths(1)));
                break;
            case "fail" when view.Entitled:
                await grain.Apply(new SubscriptionSignal($"sandbox:{subscriptionId}:fail:{Guid.NewGuid():N}", "sandbox.invoice.payment_failed",
                    SubscriptionSignalKind.InvoiceFailed, now, subscriptionId, providerRef, "sandbox_in_failed_" + Guid.NewGuid().ToString("N")));
                break;
            default:
                return Problem.Conflict("not_allowed", $"Cannot {action} a {view.Status} subscription.");
        }
        return Results.Redirect($"/subscriptions/sandbox/{Uri.EscapeDataString(subscriptionId)}?t={Uri.EscapeDataString(token)}", permanent: false, preserveMethod: false);
    }

    private static SubscriptionSignal Invoice(string subscriptionId, string providerRef, string n, long cents, DateTimeOffset at, DateTimeOffset periodEnd) =>
        new($"sandbox:{subscriptionId}:invoice:{n}", "sandbox.invoice.paid", SubscriptionSignalKind.InvoicePaid, at, subscriptionId, providerRef,
            $"sandbox_in_{subscriptionId}_{n}", cents, periodEnd);
}

using System.Net;
using Stagecast.Contracts.Wallet;
using Stagecast.Gateway.Problems;

namespace Stagecast.Gateway.Payments;

/// <summary>
/// The sandbox checkout page at the purchase's checkoutUrl: one labelled button confirms the (fake) payment. Both
/// need the buyer's token from that URL (<see cref="SandboxCheckoutToken"/>): anyone else gets the same 404 as for an
/// unknown purchase. The confirm is refused from another site (<c>Origin</c> or <c>Sec-Fetch-Site</c>), and the
/// token rides in the form's body, which another site cannot read from the page.
/// </summary>
public static class SandboxCheckoutEndpoints
{
    public static void Map(WebApplication app)
    {
        var group = app.MapGroup("/wallet/sandbox/checkout").AllowAnonymous().ExcludeFromDescription();
        group.MapGet("/{purchaseId}", PageAsync);
        group.MapPost("/{purchaseId}/confirm", ConfirmAsync).DisableAntiforgery();
    }

    private static async Task<bool> IsBuyersAsync(string purchaseId, string? token, IGrainFactory grains, SandboxCheckoutToken tokens) =>
        await grains.GetGrain<IPaymentsGrain>(0).FindPurchaseOwner(purchaseId) is { } buyer && tokens.IsValid(purchaseId, buyer, token);

    /// <summary>A post a browser made for another site's page: its Origin names another host, or it says cross-site.</summary>
    internal static bool IsCrossSite(HttpRequest request)
    {
        if (request.Headers["Sec-Fetch-Site"].ToString() is "cross-site" or "same-site")
        {
            return true;
        }
        var origin = request.Headers.Origin.ToString();
        return origin.Length > 0 && (!Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            || !string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase));
    }

    private static async Task<IResult> PageAsync(string purchaseId, string? t, IGrainFactory grains, SandboxCheckoutToken tokens)
    {
        if (!await IsBuyersAsync(purchaseId, t, grains, tokens))
        {
            return Problem.NotFound("unknown_purchase", "No such purchase, or this link is not yours: open the checkout link your purchase gave you.");
        }
        var id = WebUtility.HtmlEncode(purchaseId);
        var token = WebUtility.HtmlEncode(t);
        var html = $$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>SANDBOX checkout - no real money</title>
            <link rel="stylesheet" href="/css/sandbox.css"></head>
            <body>
            <p class="banner">SANDBOX PAYMENT PROVIDER: no card is charged and no real money moves. Configure Stagecast:Stripe for real payments.</p>
            <h1>Confirm purchase</h1>
            <p>Purchase <code>{{id}}</code></p>
            <form method="post" action="/wallet/sandbox/checkout/{{id}}/confirm">
              <input type="hidden" name="t" value="{{token}}">
              <button type="submit" id="confirm">Confirm sandbox payment</button>
            </form>
            </body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8");
    }

    private static async Task<IResult> ConfirmAsync(string purchaseId, HttpRequest request, IGrainFactory grains, SandboxCheckoutToken tokens)
    {
        if (IsCrossSite(request))
        {
            return Problem.Of(StatusCodes.Status403Forbidden, "cross_site_request", "Refused.", "A checkout can only be confirmed from its own page.");
        }
        var token = request.HasFormContentType ? (await request.ReadFormAsync()).TryGetValue("t", out var field) ? field.ToString() : null : null;
        if (!await IsBuyersAsync(purchaseId, token ?? request.Query["t"].ToString(), grains, tokens))
        {
            return Problem.NotFound("unknown_purchase", "No such purchase, or this link is not yours: open the checkout link your purchase gave you.");
        }
        var outcome = await grains.GetGrain<IPaymentsGrain>(0).Apply(
            new PaymentSignal($"sandbox:{purchaseId}", PaymentSignalKind.Paid, purchaseId, null, null, "sandbox.confirmed"));
        return outcome == PaymentOutcome.UnknownPurchase
            ? Problem.NotFound("unknown_purchase", "No such purchase.")
            : Results.Redirect($"/wallet.html?purchase={Uri.EscapeDataString(purchaseId)}", permanent: false, preserveMethod: false);
    }
}

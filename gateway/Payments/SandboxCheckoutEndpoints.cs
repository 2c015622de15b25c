using System.Net;
using Stagecast.Contracts.Wallet;
using Stagecast.Gateway.Problems;

namespace Stagecast.Gateway.Payments;

/// <summary>The sandbox checkout page at the purchase's checkoutUrl: one labelled button confirms the (fake) payment.</summary>
public static class SandboxCheckoutEndpoints
{
    public static void Map(WebApplication app)
    {
        var group = app.MapGroup("/wallet/sandbox/checkout").AllowAnonymous().ExcludeFromDescription();
        group.MapGet("/{purchaseId}", PageAsync);
        group.MapPost("/{purchaseId}/confirm", ConfirmAsync).DisableAntiforgery();
    }

    private static async Task<IResult> PageAsync(string purchaseId, IGrainFactory grains)
    {
        if (await grains.GetGrain<IPaymentsGrain>(0).FindPurchaseOwner(purchaseId) is null)
        {
            return Problem.NotFound("unknown_purchase", "No such purchase.");
        }
        var id = WebUtility.HtmlEncode(purchaseId);
        var html = $$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>SANDBOX checkout - no real money</title>
            <style>body{font-family:sans-serif;max-width:32rem;margin:3rem auto}.banner{background:#ffd84d;padding:1rem;font-weight:bold;border:3px dashed #000}</style></head>
            <body>
            <p class="banner">SANDBOX PAYMENT PROVIDER: no card is charged and no real money moves. Configure Stagecast:Stripe for real payments.</p>
            <h1>Confirm purchase</h1>
            <p>Purchase <code>{{id}}</code></p>
            <form method="post" action="/wallet/sandbox/checkout/{{id}}/confirm">
              <button type="submit" id="confirm">Confirm sandbox payment</button>
            </form>
            </body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8");
    }

    private static async Task<IResult> ConfirmAsync(string purchaseId, IGrainFactory grains)
    {
        var outcome = await grains.GetGrain<IPaymentsGrain>(0).Apply(
            new PaymentSignal($"sandbox:{purchaseId}", PaymentSignalKind.Paid, purchaseId, null, null, "sandbox.confirmed"));
        return outcome == PaymentOutcome.UnknownPurchase
            ? Problem.NotFound("unknown_purchase", "No such purchase.")
            : Results.Redirect($"/wallet.html?purchase={Uri.EscapeDataString(purchaseId)}", permanent: false, preserveMethod: false);
    }
}

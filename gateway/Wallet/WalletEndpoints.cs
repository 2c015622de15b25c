using System.Security.Claims;
using Stagecast.Contracts.Wallet;
using Stagecast.Gateway.Accounts;
using Stagecast.Gateway.Payments;
using Stagecast.Gateway.Problems;

namespace Stagecast.Gateway.Wallet;

/// <summary>Gift catalog, coin packs, balances, purchases, cash-outs, statements and Connect onboarding.</summary>
public static class WalletEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/api/gifts", (EconomyOptions economy) => economy.Gifts.Select(g => new
        {
            giftId = g.Id, name = g.Name, coins = g.Coins, animation = g.Animation, streakable = g.Streakable,
        })).AllowAnonymous().WithTags("Wallet").WithSummary("The gift catalog.");

        var wallet = app.MapGroup("/api/wallet").RequireAuthorization().WithTags("Wallet");
        wallet.MapGet("/packs", (EconomyOptions economy) => economy.Packs.Select(p => new
        {
            packId = p.Id, coins = p.Coins, priceCents = p.PriceCents, currency = p.Currency,
        })).AllowAnonymous().WithSummary("Coin packs for sale.");
        wallet.MapGet("", GetWalletAsync).WithSummary("The caller's balances.");
        wallet.MapPost("/purchases", PurchaseAsync).WithSummary("Starts a coin purchase; coins arrive when the provider confirms.");
        wallet.MapPost("/cashouts", CashoutAsync)
            .WithSummary("Cashes out available diamonds to the creator's connected account (403 account_restricted while suspended or banned: pending ones are held).")
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(409);
        wallet.MapGet("/cashouts", async (ClaimsPrincipal user, IGrainFactory grains, int? limit) =>
            Results.Ok((await grains.GetGrain<IWalletGrain>(user.UserId()!).GetCashouts(limit ?? 50)).Select(c => new
            {
                cashoutId = c.CashoutId, status = c.Status, state = StateName(c.Status), diamonds = c.Diamonds, cents = c.Cents, transferId = c.TransferId,
                failure = c.Failure, createdAt = c.CreatedAt, attempts = c.Attempts, nextAttemptAt = c.NextAttemptAt, lastError = c.LastError,
            }))).WithSummary("The caller's cash-outs, newest first (state: pending, retrying, held while the account is suspended, paid, failed or reversed).");
        wallet.MapGet("/ledger", async (ClaimsPrincipal user, IGrainFactory grains, int? limit, long? before) =>
            Results.Ok(await grains.GetGrain<IWalletGrain>(user.UserId()!).GetLedger(limit ?? 100, before)))
            .WithSummary("The caller's ledger entries, newest first (before: unix ms cursor).");
        wallet.MapGet("/earnings", async (ClaimsPrincipal user, IGrainFactory grains, int? limit) =>
            Results.Ok(await grains.GetGrain<IWalletGrain>(user.UserId()!).GetEarnings(limit ?? 100)))
            .WithSummary("Gifts the caller received, with held/released/clawed state.");
        wallet.MapGet("/connect", async (ClaimsPrincipal user, IGrainFactory grains) =>
            Results.Ok(await grains.GetGrain<IWalletGrain>(user.UserId()!).GetConnect())).WithSummary("The caller's payout account.");
        wallet.MapPost("/connect/onboarding", OnboardAsync).WithSummary("A Stripe Connect Express onboarding link.");
    }

    private static async Task<IResult> GetWalletAsync(ClaimsPrincipal user, IGrainFactory grains, EconomyOptions economy, IPaymentProvider provider)
    {
        var grain = grains.GetGrain<IWalletGrain>(user.UserId()!);
        var summary = await grain.GetSummary();
        var connect = await grain.GetConnect();
        return Results.Ok(new
        {
            coins = summary.Coins,
            diamonds = summary.Diamonds,
            pendingDiamonds = summary.PendingDiamonds,
            reservedDiamonds = summary.ReservedDiamonds,
            canGift = summary.CanGift,
            cashValueCents = economy.CashValueCents(summary.Diamonds),
            minimumCashoutDiamonds = economy.MinimumCashoutDiamonds,
            holdDays = economy.HoldWindow.TotalDays,
            payoutsEnabled = connect.PayoutsEnabled,
            provider = provider.Name,
        });
    }

    private static async Task<IResult> PurchaseAsync(PurchaseRequest? body, ClaimsPrincipal user, HttpContext http, IGrainFactory grains, IPaymentProvider provider, ILogger<PurchaseRequest> logger)
    {
        var userId = user.UserId()!;
        var grain = grains.GetGrain<IWalletGrain>(userId);
        var ticket = await grain.StartPurchase(body?.PackId ?? "");
        if (ticket is null)
        {
            return Problem.BadRequest("unknown_pack", $"There is no coin pack '{body?.PackId}'. GET /api/wallet/packs lists them.");
        }
        CheckoutSessionInfo session;
        try
        {
            session = await provider.CreateCheckoutAsync(userId, ticket, Origin(http), http.RequestAborted);
        }
        catch (Stripe.StripeException ex)
        {
            logger.LogWarning(ex, "Checkout for purchase {PurchaseId} failed", ticket.PurchaseId);
            return Problem.Of(StatusCodes.Status502BadGateway, "payment_provider_error", "The payment provider refused the checkout.", ex.StripeError?.Message);
        }
        await grain.AttachCheckout(ticket.PurchaseId, session.SessionId);
        return Results.Created($"/api/wallet/purchases/{ticket.PurchaseId}", new
        {
            purchaseId = ticket.PurchaseId,
            checkoutUrl = session.Url,
            provider = provider.Name,
            coins = ticket.Coins,
            priceCents = ticket.PriceCents,
            currency = ticket.Currency,
        });
    }

    private static async Task<IResult> CashoutAsync(CashoutRequest? body, ClaimsPrincipal user, IGrainFactory grains, EconomyOptions economy)
    {
        if (body is null || body.Diamonds <= 0)
        {
            return Problem.BadRequest("invalid_amount", "diamonds must be a positive integer.");
        }
        var userId = user.UserId()!;
        var cashoutId = "co_" + Guid.NewGuid().ToString("N");
        // The cash-out's grain reserves the diamonds and makes the transfer: once now, and again with the same
        // idempotency key (durably, with backoff) while Stripe's answer is unknown; the creator sees "retrying".
        var ticket = await grains.GetGrain<ICashoutGrain>(cashoutId).Start(userId, body.Diamonds);
        switch (ticket.Status)
        {
            case CashoutStatus.BelowMinimum:
                return Problem.BadRequest("below_minimum", $"The minimum cash-out is {economy.MinimumCashoutDiamonds} diamonds.");
            case CashoutStatus.NotOnboarded:
                return Problem.Conflict("payouts_not_enabled", "Finish payout onboarding first (POST /api/wallet/connect/onboarding).");
            case CashoutStatus.AccountRestricted:
                return Problem.Forbidden("account_restricted", "Cash-outs are held while the account is suspended or banned; pending ones proceed when it is restored.");
            case CashoutStatus.InsufficientDiamonds:
                return Problem.Conflict("insufficient_diamonds", "Not enough available diamonds (pending diamonds are held for the clawback window).");
        }
        return Results.Accepted($"/api/wallet/cashouts", new
        {
            cashoutId, status = StatusName(ticket.Status), diamonds = ticket.Diamonds, cents = ticket.Cents, transferId = ticket.TransferId, failure = ticket.Failure,
            state = StateName(ticket.Status), attempts = ticket.Attempts, nextAttemptAt = ticket.NextAttemptAt, lastError = ticket.LastError,
        });
    }

    /// <summary>The POST answer's status as before: reserved, retrying, paid or failed.</summary>
    private static string StatusName(CashoutStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>What the creator sees: pending (reserved, transfer not answered yet), retrying, paid, failed or reversed.</summary>
    internal static string StateName(CashoutStatus status) => status switch
    {
        CashoutStatus.Reserved => "pending",
        CashoutStatus.Retrying => "retrying",
        CashoutStatus.Paid => "paid",
        CashoutStatus.Reversed => "reversed",
        CashoutStatus.Held => "held",
        _ => "failed",
    };

    private static async Task<IResult> OnboardAsync(ClaimsPrincipal user, HttpContext http, IGrainFactory grains, IPaymentProvider provider)
    {
        var userId = user.UserId()!;
        var grain = grains.GetGrain<IWalletGrain>(userId);
        var current = await grain.GetConnect();
        var link = await provider.CreateOnboardingLinkAsync(userId, current.AccountId, Origin(http), http.RequestAborted);
        if (link.AccountId != current.AccountId || (link.PayoutsEnabled && !current.PayoutsEnabled))
        {
            await grain.SetConnect(link.AccountId, link.PayoutsEnabled || current.PayoutsEnabled);
        }
        return Results.Ok(new { accountId = link.AccountId, url = link.Url, provider = provider.Name });
    }

    private static Uri Origin(HttpContext http) => new($"{http.Request.Scheme}://{http.Request.Host}/");
}

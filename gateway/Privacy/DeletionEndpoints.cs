using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Stagecast.Contracts.Accounts;
using Stagecast.Contracts.Privacy;
using Stagecast.Gateway.Accounts;
using Stagecast.Gateway.Problems;

namespace Stagecast.Gateway.Privacy;

public sealed record DeleteAccountRequest(string? Password);

/// <summary>DELETE /api/me: the account deletes itself after giving its password again.</summary>
public static class DeletionEndpoints
{
    public static IEndpointRouteBuilder MapDeletionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapDelete("/api/me", Delete).WithTags("Privacy").RequireAuthorization().RequireRateLimiting(AuthPolicies.PasswordChange)
            .WithSummary("Deletes the caller's account after re-authentication: profile, follows, videos, recordings, live-chat " +
                "comments and watch history go, running subscriptions (paid or received) are canceled at the provider, the ledger is " +
                "pseudonymised, every session ends and the username is held for a cooling-off period. Refused (409) while coins, diamonds " +
                "or a cash-out are open.")
            .Accepts<DeleteAccountRequest>("application/json")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status502BadGateway);
        return app;
    }

    private static async Task<IResult> Delete([FromBody] DeleteAccountRequest? request, ClaimsPrincipal user, IGrainFactory grains,
        PrivacyOptions options, TimeProvider clock, HttpContext http, SubscriptionCancellation subscriptions, RecordingEraser recordings, ILogger<DeleteAccountRequest> logger)
    {
        if (string.IsNullOrEmpty(request?.Password))
        {
            return Problem.BadRequest("password_required", "Give your password again to delete your account.");
        }
        var userId = user.UserId()!;
        var credentials = await grains.GetGrain<IUserGrain>(userId).GetCredentials();
        if (credentials is null)
        {
            return Problem.Unauthorized("unknown_user", "The token's user no longer exists.");
        }
        if (Passwords.Verify(userId, credentials.PasswordHash, request.Password) == PasswordVerificationResult.Failed)
        {
            return Problem.Unauthorized("invalid_credentials", "The password is wrong.");
        }
        var heldUntil = clock.GetUtcNow().AddDays(options.UsernameCoolingOffDays);
        var profile = await grains.GetGrain<IUserGrain>(userId).GetProfile();
        var privacy = grains.GetGrain<IAccountPrivacyGrain>(userId);
        if (Refusal(await privacy.CheckDeletion()) is { } refused)
        {
            return refused;
        }
        try
        {
            await subscriptions.CancelAllAsync(userId, http.RequestAborted);
        }
        catch (Stripe.StripeException ex)
        {
            logger.LogWarning(ex, "Subscriptions of {UserId} could not be canceled; the account is not deleted", userId);
            return Problem.Of(StatusCodes.Status502BadGateway, "payment_provider_error", "The payment provider did not cancel your subscriptions.",
                "Nothing was deleted. Try again in a moment.");
        }
        // The look of the names is held with the username (by the grain, so a deletion it finishes by itself holds them too).
        var nameClaims = profile is null ? [] : LookalikeNames.ClaimGrainKeys(profile.Username, profile.DisplayName);
        var outcome = await privacy.Delete(heldUntil, nameClaims);
        if (Refusal(outcome) is { } late)
        {
            return late;
        }
        // This gateway's recordings go now; the others' at their next sweep of the cluster's list (RecordingEraser).
        recordings.DeleteLocal(outcome.RoomIds ?? []);
        logger.LogInformation("{UserId} deleted their account ({Videos} videos)", userId, outcome.VideosDeleted);
        return Results.NoContent();
    }

    /// <summary>The problem for a deletion the ledger refuses (or the user is gone); null when it may go ahead.</summary>
    private static IResult? Refusal(AccountDeletion outcome)
    {
        switch (outcome.Status)
        {
            case AccountDeletionStatus.UnknownUser:
                return Problem.Unauthorized("unknown_user", "The token's user no longer exists.");
            case AccountDeletionStatus.OpenBalance:
                return Problem.Of(StatusCodes.Status409Conflict, "balance_open", "The account still holds money.",
                    $"The account still holds {outcome.Coins} coins, {outcome.Diamonds} diamonds and {outcome.PendingDiamonds} pending diamonds. " +
                    "Spend the coins on gifts and cash out the diamonds (pending diamonds become available when their hold ends), then delete the account.",
                    new Dictionary<string, object?> { ["coins"] = outcome.Coins, ["diamonds"] = outcome.Diamonds, ["pendingDiamonds"] = outcome.PendingDiamonds });
            case AccountDeletionStatus.PendingCashout:
                return Problem.Of(StatusCodes.Status409Conflict, "cashout_pending", "A cash-out is still in progress.",
                    $"{outcome.OpenCashouts} cash-out(s) are still being paid out. Wait until they are paid or have failed, then delete the account.",
                    new Dictionary<string, object?> { ["openCashouts"] = outcome.OpenCashouts });
            default:
                return null;
        }
    }
}

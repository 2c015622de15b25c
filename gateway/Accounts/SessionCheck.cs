using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Stagecast.Contracts.Accounts;

namespace Stagecast.Gateway.Accounts;

/// <summary>
/// Revocation: every authenticated request and hub connection compares the token's session version with the user's,
/// so a password change, "log out everywhere", suspension or deletion refuses every older token at once.
/// </summary>
public static class SessionCheck
{
    /// <summary>JwtBearer's OnTokenValidated: fails the authentication of a token from a revoked session.</summary>
    public static async Task ValidateAsync(TokenValidatedContext context)
    {
        if (context.Principal is not { } user || user.FindFirstValue("sub") is not { } userId)
        {
            context.Fail("The token names no user.");
            return;
        }
        var grains = context.HttpContext.RequestServices.GetRequiredService<IGrainFactory>();
        bool current;
        try
        {
            current = await IsCurrentAsync(grains, userId, user);
        }
        catch (Exception e) when (e is TimeoutException or SiloUnavailableException or OrleansMessageRejectionException
            or Orleans.Runtime.Messaging.ConnectionFailedException)
        {
            // The cluster is failing over: a signed, unexpired (at most 15 minutes) token stays good rather than signing
            // everyone out with a 401; the request's own grain calls answer 503 if the cluster is still away.
            context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SessionCheck))
                .LogWarning(e, "Session version of {UserId} could not be checked", userId);
            return;
        }
        if (!current)
        {
            context.Fail("The session was revoked.");
        }
    }

    /// <summary>True while the token's session version is the user's current one.</summary>
    public static async Task<bool> IsCurrentAsync(IGrainFactory grains, string userId, ClaimsPrincipal user) =>
        Version(user) == await grains.GetGrain<IUserGrain>(userId).GetSessionVersion();

    private static int Version(ClaimsPrincipal user) =>
        int.TryParse(user.FindFirstValue(TokenIssuer.SessionVersionClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0;
}

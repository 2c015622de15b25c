using System.Security.Claims;
using Stagecast.Contracts.Accounts;
using Stagecast.Gateway.Problems;

namespace Stagecast.Gateway.Accounts;

public sealed record RefreshRequest(string? RefreshToken);

public sealed record RefreshResponse(string UserId, string Token, string RefreshToken);

/// <summary>Sessions that can be renewed and revoked: refresh-token rotation and log out everywhere (a password change, in ProfileEndpoints, revokes too).</summary>
public static class SessionEndpoints
{
    public static IEndpointRouteBuilder MapSessionEndpoints(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Accounts").RequireRateLimiting(AuthPolicies.Refresh);
        auth.MapPost("/refresh", Refresh)
            .WithSummary("Exchanges a refresh token for a new access token and a new refresh token; a reused refresh token revokes its family.")
            .Produces<RefreshResponse>().ProducesProblem(StatusCodes.Status401Unauthorized);
        auth.MapPost("/logout-all", LogoutAll).RequireAuthorization()
            .WithSummary("Revokes every session of the caller: all access and refresh tokens stop working, open hub connections close.")
            .Produces(StatusCodes.Status204NoContent);
        return app;
    }

    private static async Task<IResult> Refresh(RefreshRequest request, IGrainFactory grains, TokenIssuer tokens)
    {
        var parts = request.RefreshToken?.Split('.');
        if (parts is not { Length: 3 } || parts.Any(p => p.Length is 0 or > 64))
        {
            return Refused();
        }
        var grant = await grains.GetGrain<IUserGrain>(parts[0]).Refresh(parts[1], parts[2]);
        if (grant is null)
        {
            return Refused();
        }
        var session = tokens.Issue(parts[0], grant);
        return Results.Ok(new RefreshResponse(parts[0], session.Token, session.RefreshToken));
    }

    private static async Task<IResult> LogoutAll(ClaimsPrincipal user, IGrainFactory grains, ILogger<RefreshRequest> logger)
    {
        var userId = user.UserId()!;
        await grains.GetGrain<IUserGrain>(userId).RevokeSessions();
        logger.LogInformation("{UserId} logged out everywhere", userId);
        return Results.NoContent();
    }

    private static IResult Refused() =>
        Problem.Unauthorized("invalid_refresh_token", "The refresh token is unknown, expired, revoked or was already used; sign in again.");
}

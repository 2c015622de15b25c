using Microsoft.AspNetCore.Identity;
using Stagecast.Contracts.Accounts;
using Stagecast.Gateway.Problems;

namespace Stagecast.Gateway.Accounts;

public sealed record RegisterRequest(string? Username, string? Password, string? DisplayName);

public sealed record LoginRequest(string? Username, string? Password);

public sealed record AuthResponse(string UserId, string Token, string RefreshToken);

/// <summary>POST /api/auth/register and /api/auth/login.</summary>
public static class AuthEndpoints
{

    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Accounts");
        auth.MapPost("/register", Register).RequireRateLimiting(AuthPolicies.Register)
            .WithSummary("Creates an account and returns a bearer token.")
            .Produces<AuthResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
        auth.MapPost("/login", Login).RequireRateLimiting(AuthPolicies.Login)
            .WithSummary("Exchanges username and password for a bearer token; repeated wrong passwords lock the username for a while (429, Retry-After).")
            .Produces<AuthResponse>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return app;
    }

    private static async Task<IResult> Register(RegisterRequest request, IGrainFactory grains, TokenIssuer tokens, ILogger<RegisterRequest> logger)
    {
        if (AccountRules.UsernameError(request.Username) is { } usernameError)
        {
            return Problem.BadRequest("invalid_username", usernameError);
        }
        if (AccountRules.PasswordError(request.Password) is { } passwordError)
        {
            return Problem.BadRequest("invalid_password", passwordError);
        }
        var (displayName, displayError) = AccountRules.DisplayName(request.DisplayName, request.Username!);
        if (displayError is not null)
        {
            return Problem.BadRequest("invalid_display_name", displayError);
        }

        var username = request.Username!;
        var userId = Guid.CreateVersion7().ToString("N");
        var name = grains.GetGrain<IUsernameGrain>(AccountRules.NameKey(username));
        if (await name.Claim(userId) != userId)
        {
            return Problem.Conflict("username_taken", $"The username '{username}' is already taken.");
        }
        if (await LookalikeNames.ClaimAsync(grains, userId, username, displayName!) is { } lookalike)
        {
            // This registration is over: what it claimed is free again at once.
            await LookalikeNames.ReleaseAsync(grains, userId, username, displayName!);
            await name.Release(userId);
            return LookalikeNames.Conflict(lookalike);
        }
        var hash = Passwords.Hash(userId, request.Password!);
        await grains.GetGrain<IUserGrain>(userId).Create(username, displayName!, hash);
        await name.Confirm(userId);
        await LookalikeNames.ConfirmAsync(grains, userId, username, displayName!);
        logger.LogInformation("Registered {UserId} as {Username}", userId, username);
        var session = tokens.Issue(userId, await grains.GetGrain<IUserGrain>(userId).StartRefreshFamily());
        return Results.Created($"/api/users/{userId}", new AuthResponse(userId, session.Token, session.RefreshToken));
    }

    private static async Task<IResult> Login(LoginRequest request, IGrainFactory grains, TokenIssuer tokens, LoginBackoff backoff, HttpResponse response)
    {
        if (request.Username is null || request.Password is null || AccountRules.UsernameError(request.Username) is not null)
        {
            return BadCredentials();
        }
        if (await backoff.LockedForAsync(request.Username) is { } wait)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Problem.Of(StatusCodes.Status429TooManyRequests, "login_locked", "Too many wrong passwords.",
                $"Too many wrong passwords for this username: try again in {seconds} s.", new Dictionary<string, object?> { ["retryAfterSeconds"] = seconds });
        }
        var userId = await grains.GetGrain<IUsernameGrain>(AccountRules.NameKey(request.Username)).Resolve();
        var credentials = userId is null ? null : await grains.GetGrain<IUserGrain>(userId).GetCredentials();
        if (credentials is null)
        {
            // Hash anyway so that unknown names take as long as wrong passwords.
            Passwords.Verify("", DummyHash, request.Password);
            await backoff.FailedAsync(request.Username);
            return BadCredentials();
        }
        var result = Passwords.Verify(credentials.UserId, credentials.PasswordHash, request.Password);
        if (result == PasswordVerificationResult.Failed)
        {
            await backoff.FailedAsync(request.Username);
            return BadCredentials();
        }
        await backoff.SucceededAsync(request.Username);
        // Only the right password learns that the account is suspended or banned.
        if (await Moderation.StandingRefusal.CheckAsync(grains, credentials.UserId) is { } refused)
        {
            return refused;
        }
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            await grains.GetGrain<IUserGrain>(credentials.UserId).SetPasswordHash(Passwords.Hash(credentials.UserId, request.Password));
        }
        var grant = await grains.GetGrain<IUserGrain>(credentials.UserId).StartRefreshFamily();
        // Again once the session exists: a suspension that landed since the check above revoked the sessions before
        // this one was started, so this one would carry the new session version and outlive the suspension.
        if (await Moderation.StandingRefusal.CheckAsync(grains, credentials.UserId) is { } late)
        {
            return late;
        }
        var session = tokens.Issue(credentials.UserId, grant);
        return Results.Ok(new AuthResponse(credentials.UserId, session.Token, session.RefreshToken));
    }

    private static readonly string DummyHash = Passwords.Hash("", Guid.NewGuid().ToString());

    private static IResult BadCredentials() => Problem.Unauthorized("invalid_credentials", "The username or password is wrong.");
}

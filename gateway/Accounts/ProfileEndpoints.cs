using System.Security.Claims;
using Stagecast.Contracts.Accounts;
using Stagecast.Contracts.Text;
using Stagecast.Gateway.Problems;

namespace Stagecast.Gateway.Accounts;

public sealed record ProfileUpdateRequest(string? DisplayName, string? AvatarUrl, string? Bio, string? Country = null);

public sealed record PasswordChangeRequest(string? CurrentPassword, string? NewPassword);

public sealed record UserIdPage(IReadOnlyList<string> UserIds, int Skip, int Take);

/// <summary>GET/PATCH /api/me, public profiles and follows.</summary>
public static class ProfileEndpoints
{
    public static IEndpointRouteBuilder MapProfileEndpoints(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/me").WithTags("Accounts").RequireAuthorization();
        me.MapGet("", GetMe).WithSummary("The caller's profile.").Produces<UserProfile>().ProducesProblem(401);
        me.MapPatch("", UpdateMe).WithSummary("Edits the caller's display name, avatar URL, bio or country (ISO 3166-1 alpha-2, \"\" clears it); a display name that looks like another user's name is 409 name_confusable.")
            .Produces<UserProfile>().ProducesProblem(400).ProducesProblem(409);
        me.MapPost("/password", ChangePassword).RequireRateLimiting(AuthPolicies.PasswordChange)
            .WithSummary("Changes the caller's password (the current one is required) and revokes every session: sign in again afterwards.").Produces(204).ProducesProblem(400).ProducesProblem(401);

        var users = app.MapGroup("/api/users").WithTags("Accounts");
        users.MapGet("/{userId}", GetUser).WithSummary("A user's public profile.").Produces<UserProfile>().ProducesProblem(404);
        users.MapPost("/{userId}/follow", Follow).RequireAuthorization().WithSummary("The caller follows the user.").Produces(204).ProducesProblem(404);
        users.MapDelete("/{userId}/follow", Unfollow).RequireAuthorization().WithSummary("The caller stops following the user.").Produces(204);
        users.MapGet("/{userId}/followers", Followers).WithSummary("Who follows the user, newest first.").Produces<UserIdPage>();
        users.MapGet("/{userId}/following", Following).WithSummary("Whom the user follows, newest first.").Produces<UserIdPage>();
        return app;
    }

    private static async Task<IResult> GetMe(ClaimsPrincipal user, IGrainFactory grains) =>
        await grains.GetGrain<IUserGrain>(user.UserId()!).GetProfile() is { } profile
            ? Results.Ok(profile)
            : Problem.Unauthorized("unknown_user", "The token's user no longer exists.");

    private static async Task<IResult> UpdateMe(ProfileUpdateRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        string? displayName = null;
        if (request.DisplayName is not null)
        {
            var (value, error) = AccountRules.DisplayName(request.DisplayName, "");
            if (error is not null)
            {
                return Problem.BadRequest("invalid_display_name", error);
            }
            displayName = value;
        }
        if (request.AvatarUrl is { Length: > 0 } avatar
            && (avatar.Length > 2048 || !Uri.TryCreate(avatar, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")))
        {
            return Problem.BadRequest("invalid_avatar_url", "avatarUrl must be an absolute http(s) URL of at most 2048 characters.");
        }
        if (request.Bio is { Length: > 300 } || request.Bio?.Trim() is { Length: > 0 } bio && TextHygiene.Problem(bio, allowNewlines: true) is not null)
        {
            return Problem.BadRequest("invalid_bio", "bio must be at most 300 characters, with no control or bidirectional control characters.");
        }
        var country = request.Country?.Trim().ToUpperInvariant();
        if (country is { Length: > 0 } && !CountryCodes.IsAssigned(country))
        {
            return Problem.BadRequest("invalid_country", "country must be an ISO 3166-1 alpha-2 code such as \"DE\" or \"BR\", or \"\" to clear it.");
        }
        var account = grains.GetGrain<IUserGrain>(user.UserId()!);
        var before = await account.GetProfile();
        var renamed = displayName is not null && before is not null && !Confusables.Keys(displayName).SequenceEqual(Confusables.Keys(before.DisplayName));
        if (renamed && await LookalikeNames.ClaimAsync(grains, before!.UserId, displayName!) is { } lookalike)
        {
            return LookalikeNames.Conflict(lookalike);
        }
        var profile = await account.UpdateProfile(new ProfileUpdate(displayName, request.AvatarUrl, request.Bio?.Trim(), country));
        if (renamed)
        {
            await LookalikeNames.ConfirmAsync(grains, profile.UserId, displayName!);
            // The old display name's look goes, except the part the username still holds.
            var old = Confusables.Keys(before!.DisplayName).Except(Confusables.Keys(before.Username)).Except(Confusables.Keys(displayName!));
            await LookalikeNames.ReleaseKeysAsync(grains, profile.UserId, old);
        }
        return Results.Ok(profile);
    }

    private static async Task<IResult> ChangePassword(PasswordChangeRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (AccountRules.PasswordError(request.NewPassword) is { } error)
        {
            return Problem.BadRequest("invalid_password", error.Replace("password", "newPassword", StringComparison.Ordinal));
        }
        var account = grains.GetGrain<IUserGrain>(user.UserId()!);
        var credentials = await account.GetCredentials();
        if (credentials is null || request.CurrentPassword is null
            || Passwords.Verify(credentials.UserId, credentials.PasswordHash, request.CurrentPassword) == Microsoft.AspNetCore.Identity.PasswordVerificationResult.Failed)
        {
            return Problem.Unauthorized("invalid_credentials", "The current password is wrong.");
        }
        await account.SetPasswordHash(Passwords.Hash(credentials.UserId, request.NewPassword!));
        // Every older token and refresh token stops working, and open hub connections close (HubSessionWatch).
        await account.RevokeSessions();
        return Results.NoContent();
    }

    private static async Task<IResult> GetUser(string userId, IGrainFactory grains) =>
        await grains.GetGrain<IUserGrain>(userId).GetProfile() is { } profile
            ? Results.Ok(profile with { Country = null }) // where someone lives is theirs to know
            : Problem.NotFound("unknown_user", $"No user {userId}.");

    private static async Task<IResult> Follow(string userId, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (userId == user.UserId())
        {
            return Problem.BadRequest("cannot_follow_self", "You cannot follow yourself.");
        }
        await grains.GetGrain<IUserGrain>(user.UserId()!).Follow(userId);
        return Results.NoContent();
    }

    private static async Task<IResult> Unfollow(string userId, ClaimsPrincipal user, IGrainFactory grains)
    {
        await grains.GetGrain<IUserGrain>(user.UserId()!).Unfollow(userId);
        return Results.NoContent();
    }

    private static async Task<IResult> Followers(string userId, IGrainFactory grains, int skip = 0, int take = 50) =>
        Results.Ok(new UserIdPage(await grains.GetGrain<IUserGrain>(userId).GetFollowers(skip, take), skip, take));

    private static async Task<IResult> Following(string userId, IGrainFactory grains, int skip = 0, int take = 50) =>
        Results.Ok(new UserIdPage(await grains.GetGrain<IUserGrain>(userId).GetFollowing(skip, take), skip, take));
}

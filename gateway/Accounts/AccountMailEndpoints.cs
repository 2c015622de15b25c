using System.Security.Claims;
using Stagecast.Contracts.Accounts;
using Stagecast.Gateway.Mail;
using Stagecast.Gateway.Problems;

namespace Stagecast.Gateway.Accounts;

/// <summary>
/// Email verification and password reset by mail. Tokens are "{userId}.{secret}": single use, expiring, stored hashed.
/// A reset asks by username and answers 202 whether or not a mail went out, so it tells nobody which accounts exist.
/// </summary>
public static class AccountMailEndpoints
{
    public static IEndpointRouteBuilder MapAccountMailEndpoints(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/me/email").WithTags("Accounts").RequireAuthorization();
        me.MapGet("", Get).WithSummary("The caller's email address and whether it is verified; 204 when none was given.")
            .Produces<EmailResponse>().Produces(204);
        me.MapPut("", SetEmail).RequireRateLimiting(AuthPolicies.Mail)
            .WithSummary("Sets the email address (unverified) and mails a verification link.")
            .Produces<EmailResponse>(StatusCodes.Status202Accepted).ProducesProblem(400).ProducesProblem(429).ProducesProblem(503);
        var auth = app.MapGroup("/api/auth").WithTags("Accounts");
        auth.MapPost("/verify-email", Verify).RequireRateLimiting(AuthPolicies.Mail)
            .WithSummary("Verifies the email address with the token from the mail.").Produces(204).ProducesProblem(400);
        auth.MapPost("/password-reset", StartReset).RequireRateLimiting(AuthPolicies.Mail)
            .WithSummary("Mails a reset link to the account's verified address, if it has one; always 202.")
            .Produces(StatusCodes.Status202Accepted).ProducesProblem(429).ProducesProblem(503);
        auth.MapPost("/password-reset/confirm", ConfirmReset).RequireRateLimiting(AuthPolicies.Mail)
            .WithSummary("Sets a new password with the reset token; every session is revoked.").Produces(204).ProducesProblem(400);
        return app;
    }

    private static async Task<IResult> Get(ClaimsPrincipal user, IGrainFactory grains) =>
        await grains.GetGrain<IAccountEmailGrain>(user.UserId()!).Get() is { } status
            ? Results.Ok(new EmailResponse(status.Email, status.Verified))
            : Results.NoContent(); // the usual state of a new account, not an error for the browser to log

    private static async Task<IResult> SetEmail(EmailRequest request, ClaimsPrincipal user, HttpRequest http, IGrainFactory grains,
        MailSettings settings, SmtpMailSender mail, CancellationToken ct)
    {
        if (!settings.Enabled)
        {
            return MailUnavailable();
        }
        var email = request.Email?.Trim() ?? "";
        if (email.Length is 0 or > 254 || !System.Net.Mail.MailAddress.TryCreate(email, out var parsed) || parsed.Address != email
            || email.Any(char.IsControl))
        {
            return Problem.BadRequest("invalid_email", "That is not an email address.");
        }
        var userId = user.UserId()!;
        var secret = await grains.GetGrain<IAccountEmailGrain>(userId).SetEmail(email, settings.VerifyLifetime);
        var token = $"{userId}.{secret}";
        await mail.SendAsync(email, "Verify your Stagecast email",
            $"Confirm that this is your address: {BaseUrl(settings, http)}/verify-email.html?token={token}\n\n" +
            $"Or paste this code: {token}\n\nIt works once, for {settings.VerifyLifetime.TotalHours:0} hours. " +
            "If you did not ask for this, ignore this mail.\n", ct);
        return Results.Accepted(value: new EmailResponse(email, false));
    }

    private static async Task<IResult> Verify(TokenRequest request, IGrainFactory grains) =>
        Split(request.Token) is var (userId, secret) && await grains.GetGrain<IAccountEmailGrain>(userId).Verify(secret)
            ? Results.NoContent()
            : InvalidToken();

    private static async Task<IResult> StartReset(PasswordResetRequest request, HttpRequest http, IGrainFactory grains,
        MailSettings settings, SmtpMailSender mail, CancellationToken ct)
    {
        if (!settings.Enabled)
        {
            return MailUnavailable();
        }
        if (request.Username is { } username && AccountRules.UsernameError(username) is null
            && await grains.GetGrain<IUsernameGrain>(AccountRules.NameKey(username)).Resolve() is { } userId
            && await grains.GetGrain<IAccountEmailGrain>(userId).StartReset(settings.ResetLifetime) is { } ticket)
        {
            var token = $"{userId}.{ticket.Secret}";
            await mail.SendAsync(ticket.Email, "Reset your Stagecast password",
                $"Choose a new password: {BaseUrl(settings, http)}/reset-password.html?token={token}\n\n" +
                $"Or paste this code: {token}\n\nIt works once, for {settings.ResetLifetime.TotalMinutes:0} minutes, and signs you " +
                "out everywhere. If you did not ask for this, ignore this mail: your password stays as it is.\n", ct);
        }
        return Results.Accepted();
    }

    private static async Task<IResult> ConfirmReset(PasswordResetConfirmRequest request, IGrainFactory grains, ILogger<PasswordResetRequest> logger)
    {
        if (AccountRules.PasswordError(request.NewPassword) is { } passwordError)
        {
            return Problem.BadRequest("invalid_password", passwordError);
        }
        if (Split(request.Token) is not var (userId, secret) || !await grains.GetGrain<IAccountEmailGrain>(userId).ConsumeReset(secret))
        {
            return InvalidToken();
        }
        var account = grains.GetGrain<IUserGrain>(userId);
        await account.SetPasswordHash(Passwords.Hash(userId, request.NewPassword!));
        await account.RevokeSessions();
        logger.LogInformation("{UserId} reset the password by mail", userId);
        return Results.NoContent();
    }

    private static (string UserId, string Secret)? Split(string? token)
    {
        var parts = token?.Trim().Split('.');
        return parts is { Length: 2 } && parts.All(p => p.Length is > 0 and <= 64) ? (parts[0], parts[1]) : null;
    }

    private static string BaseUrl(MailSettings settings, HttpRequest http) =>
        (settings.PublicBaseUrl ?? $"{http.Scheme}://{http.Host}").TrimEnd('/');

    private static IResult InvalidToken() =>
        Problem.BadRequest("invalid_token", "The link is wrong, was already used or has expired; ask for a new one.");

    private static IResult MailUnavailable() =>
        Problem.Of(StatusCodes.Status503ServiceUnavailable, "mail_unavailable", "Mail is not configured.", "This server sends no mail (Stagecast:Mail:SmtpHost is unset).");
}

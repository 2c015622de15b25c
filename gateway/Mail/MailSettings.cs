namespace Stagecast.Gateway.Mail;

/// <summary><c>Stagecast:Mail</c>: the SMTP server that carries verification and password-reset mail; no host disables both.</summary>
public sealed class MailSettings
{
    public const string Section = "Stagecast:Mail";

    public string? SmtpHost { get; set; }

    public int SmtpPort { get; set; } = 587;

    /// <summary>none, starttls, ssl, or auto (STARTTLS when the server offers it).</summary>
    public string Security { get; set; } = "auto";

    public string? Username { get; set; }

    public string? Password { get; set; }

    public string From { get; set; } = "Stagecast <no-reply@stagecast.local>";

    /// <summary>The site's public address for the links in mails; the request's own origin when unset.</summary>
    public string? PublicBaseUrl { get; set; }

    public TimeSpan VerifyLifetime { get; set; } = TimeSpan.FromHours(24);

    public TimeSpan ResetLifetime { get; set; } = TimeSpan.FromMinutes(30);

    public bool Enabled => !string.IsNullOrWhiteSpace(SmtpHost);
}

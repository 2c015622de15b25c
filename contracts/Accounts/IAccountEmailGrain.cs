namespace Stagecast.Contracts.Accounts;

/// <summary>An account's email address, its verification and password-reset secrets (keyed by user id).</summary>
[Alias("Stagecast.IAccountEmailGrain")]
public interface IAccountEmailGrain : IGrainWithStringKey
{
    /// <summary>The address and whether it is verified, or null when none was given.</summary>
    [Alias("Get")]
    Task<EmailStatus?> Get();

    /// <summary>Sets a new, unverified address; returns the verification secret to mail (valid for the lifetime).</summary>
    [Alias("SetEmail")]
    Task<string> SetEmail(string email, TimeSpan lifetime);

    /// <summary>Marks the address verified when the secret is the current, unexpired one; single use.</summary>
    [Alias("Verify")]
    Task<bool> Verify(string secret);

    /// <summary>Starts a password reset (replacing any earlier one), or null without a verified address.</summary>
    [Alias("StartReset")]
    Task<PasswordResetTicket?> StartReset(TimeSpan lifetime);

    /// <summary>True (once) when the secret is the current, unexpired reset secret.</summary>
    [Alias("ConsumeReset")]
    Task<bool> ConsumeReset(string secret);

    /// <summary>Forgets the address and every secret (account deletion).</summary>
    [Alias("Erase")]
    Task Erase();
}

using System.Security.Cryptography;
using System.Text;
using Stagecast.Contracts.Accounts;

namespace Stagecast.Grains.Accounts;

/// <summary>
/// An account's email and its one-time secrets. Only SHA-256 hashes of the secrets are stored (the secrets are 256-bit
/// random, so a plain hash is enough); each is single use and expires; a new one replaces the old.
/// </summary>
public sealed class AccountEmailGrain(
    [PersistentState("email", "store")] IPersistentState<AccountEmailState> state,
    TimeProvider clock) : Grain, IAccountEmailGrain
{
    private AccountEmailState S => state.State;

    public Task Erase() => state.ClearStateAsync();

    public Task<EmailStatus?> Get() => Task.FromResult(S.Email is { } email ? new EmailStatus(email, S.Verified) : null);

    public async Task<string> SetEmail(string email, TimeSpan lifetime)
    {
        var secret = NewSecret();
        state.State = S with { Email = email, Verified = false, VerifyHash = Hash(secret), VerifyExpires = clock.GetUtcNow() + lifetime };
        await state.WriteStateAsync();
        return secret;
    }

    public async Task<bool> Verify(string secret)
    {
        if (!Matches(S.VerifyHash, S.VerifyExpires, secret))
        {
            return false;
        }
        state.State = S with { Verified = true, VerifyHash = null };
        await state.WriteStateAsync();
        return true;
    }

    public async Task<PasswordResetTicket?> StartReset(TimeSpan lifetime)
    {
        if (S.Email is not { } email || !S.Verified)
        {
            return null;
        }
        var secret = NewSecret();
        state.State = S with { ResetHash = Hash(secret), ResetExpires = clock.GetUtcNow() + lifetime };
        await state.WriteStateAsync();
        return new PasswordResetTicket(email, secret);
    }

    public async Task<bool> ConsumeReset(string secret)
    {
        if (!Matches(S.ResetHash, S.ResetExpires, secret))
        {
            return false;
        }
        state.State = S with { ResetHash = null };
        await state.WriteStateAsync();
        return true;
    }

    private bool Matches(byte[]? hash, DateTimeOffset expires, string secret) =>
        hash is not null && clock.GetUtcNow() < expires && CryptographicOperations.FixedTimeEquals(hash, Hash(secret));

    private static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}

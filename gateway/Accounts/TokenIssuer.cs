using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Stagecast.Contracts.Accounts;

namespace Stagecast.Gateway.Accounts;

/// <summary>Issues the bearer tokens that the API and the hub accept.</summary>
public sealed class TokenIssuer(JwtSettings settings, TimeProvider clock)
{
    private readonly JsonWebTokenHandler _handler = new();

    /// <summary>The claim that carries the user's session version; a token whose version is behind the user's is refused.</summary>
    public const string SessionVersionClaim = "sv";

    public string Issue(string userId, string username, int sessionVersion)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + settings.Lifetime,
            Subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, userId), new Claim("name", username),
                new Claim(SessionVersionClaim, sessionVersion.ToString(System.Globalization.CultureInfo.InvariantCulture))]),
            SigningCredentials = new SigningCredentials(settings.Key, SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>An access token plus the refresh token of the grant's family ("userId.familyId.secret").</summary>
    public SessionTokens Issue(string userId, RefreshGrant grant) =>
        new(Issue(userId, grant.Username, grant.SessionVersion), $"{userId}.{grant.FamilyId}.{grant.Secret}");
}

using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Stagecast.Gateway.Accounts;

public static class ClaimsPrincipalExtensions
{
    /// <summary>The authenticated caller's user id (the token's subject), or null for anonymous callers.</summary>
    public static string? UserId(this ClaimsPrincipal principal) =>
        principal.Identity?.IsAuthenticated == true
            ? principal.FindFirstValue(JwtRegisteredClaimNames.Sub) ?? principal.FindFirstValue(ClaimTypes.NameIdentifier)
            : null;
}

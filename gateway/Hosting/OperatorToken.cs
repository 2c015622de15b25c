using System.Security.Cryptography;
using System.Text;

namespace Stagecast.Gateway.Hosting;

/// <summary>The operators' shared secret (<c>Stagecast:Economy:OperatorToken</c>) sent as the X-Operator-Token header.</summary>
public static class OperatorToken
{
    public const string Header = "X-Operator-Token";

    /// <summary>True when a token is configured and the request carries exactly it (compared in constant time).</summary>
    public static bool Matches(HttpRequest request, string? configured) =>
        !string.IsNullOrEmpty(configured)
        && CryptographicOperations.FixedTimeEquals(
            Encoding.UTF8.GetBytes(request.Headers[Header].ToString()),
            Encoding.UTF8.GetBytes(configured));
}

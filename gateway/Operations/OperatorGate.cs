using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Stagecast.Operations;

/// <summary>
/// The operators' door to /metrics and the Orleans Dashboard, shared by the gateway and the silo (the silo compiles
/// this file too). Outside Development a request needs the operator token (<c>Stagecast:Economy:OperatorToken</c>):
/// as <c>X-Operator-Token</c>, as <c>Authorization: Bearer</c> (Prometheus' <c>authorization</c>), or as the password
/// of <c>Authorization: Basic</c> (any user name), which is what a browser sends after its log-in prompt.
/// </summary>
public static class OperatorGate
{
    public const string TokenKey = "Stagecast:Economy:OperatorToken";
    public const string Header = "X-Operator-Token";
    public const string Realm = "Stagecast operators";

    /// <summary>Answers requests under any of <paramref name="prefixes"/> that lack the token with 401 (404 with no token set).</summary>
    public static IApplicationBuilder UseOperatorGate(this IApplicationBuilder app, IConfiguration configuration, bool open, params string[] prefixes)
    {
        var token = configuration[TokenKey];
        return app.Use(async (context, next) =>
        {
            if (open || !prefixes.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)) || Allowed(context.Request, token))
            {
                await next(context);
                return;
            }
            var configured = !string.IsNullOrEmpty(token);
            if (configured)
            {
                context.Response.Headers.WWWAuthenticate = $"Basic realm=\"{Realm}\", charset=\"UTF-8\"";
            }
            var code = configured ? "invalid_operator_token" : "operator_endpoints_disabled";
            await Results.Problem(
                statusCode: configured ? StatusCodes.Status401Unauthorized : StatusCodes.Status404NotFound,
                title: configured ? "Authentication failed." : "Not found.",
                detail: configured
                    ? "Send the operator token as X-Operator-Token, as a bearer token or as the Basic password."
                    : $"Set {TokenKey} to enable operator endpoints outside Development.",
                type: "https://stagecast.dev/problems/" + code.Replace('_', '-'),
                extensions: new Dictionary<string, object?> { ["code"] = code }).ExecuteAsync(context);
        });
    }

    /// <summary>True when a token is configured and the request carries exactly it (compared in constant time).</summary>
    public static bool Allowed(HttpRequest request, string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return false;
        }
        if (Same(request.Headers[Header].ToString(), token))
        {
            return true;
        }
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var authorization) || authorization.Parameter is not { } value)
        {
            return false;
        }
        if (authorization.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return Same(value, token);
        }
        if (!authorization.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        try
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(value));
            var colon = pair.IndexOf(':');
            return colon >= 0 && Same(pair[(colon + 1)..], token);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static bool Same(string given, string token) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(token));
}

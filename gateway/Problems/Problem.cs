namespace Stagecast.Gateway.Problems;

/// <summary>
/// RFC 9457 problem details with a stable <c>code</c> a client can branch on; <c>type</c> is derived from it.
/// </summary>
public static class Problem
{
    public const string TypeBase = "https://stagecast.dev/problems/";

    public static IResult Of(int status, string code, string title, string? detail = null, IDictionary<string, object?>? extensions = null)
    {
        var ext = new Dictionary<string, object?> { ["code"] = code };
        if (extensions is not null)
        {
            foreach (var (k, v) in extensions)
            {
                ext[k] = v;
            }
        }
        return Results.Problem(detail: detail, statusCode: status, title: title, type: TypeBase + code.Replace('_', '-'), extensions: ext);
    }

    public static IResult BadRequest(string code, string detail) => Of(StatusCodes.Status400BadRequest, code, "The request is not valid.", detail);

    public static IResult Unauthorized(string code, string detail) => Of(StatusCodes.Status401Unauthorized, code, "Authentication failed.", detail);

    public static IResult Forbidden(string code, string detail) => Of(StatusCodes.Status403Forbidden, code, "Not allowed.", detail);

    public static IResult NotFound(string code, string detail) => Of(StatusCodes.Status404NotFound, code, "Not found.", detail);

    public static IResult Conflict(string code, string detail) => Of(StatusCodes.Status409Conflict, code, "Conflict.", detail);
}

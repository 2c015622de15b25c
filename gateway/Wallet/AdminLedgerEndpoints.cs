using Stagecast.Contracts.Wallet;
using Stagecast.Gateway.Hosting;
using Stagecast.Gateway.Problems;

namespace Stagecast.Gateway.Wallet;

/// <summary>GET /api/admin/ledger/verify: the operator check of every ledger invariant, behind X-Operator-Token.</summary>
public static class AdminLedgerEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/api/admin/ledger/verify", async (HttpRequest request, EconomyOptions economy, IGrainFactory grains) =>
        {
            if (string.IsNullOrEmpty(economy.OperatorToken))
            {
                return Problem.NotFound("operator_check_disabled", "Set Stagecast:Economy:OperatorToken to enable the ledger check.");
            }
            if (!OperatorToken.Matches(request, economy.OperatorToken))
            {
                return Problem.Unauthorized("invalid_operator_token", "The X-Operator-Token header is missing or wrong.");
            }
            var audit = await grains.GetGrain<IPaymentsGrain>(0).Verify();
            return Results.Json(audit, statusCode: audit.Ok ? StatusCodes.Status200OK : StatusCodes.Status500InternalServerError);
        }).AllowAnonymous().WithTags("Admin").WithSummary("Verifies every ledger invariant (operator token required).");
    }
}

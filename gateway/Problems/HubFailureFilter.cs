using Microsoft.AspNetCore.SignalR;
using Stagecast.Contracts.Wallet;

namespace Stagecast.Gateway.Problems;

/// <summary>
/// Every hub call runs in a log scope with the caller's user id, the connection id, the method and, for methods whose
/// first argument is a room, the room id; and a call that fails because a silo just died or is unreachable, or because
/// the ledger's database is down, answers the typed <c>unavailable</c> error (retry shortly with the same request id)
/// instead of SignalR's untyped one, as HTTP answers 503 <c>unavailable</c>.
/// </summary>
public sealed class HubFailureFilter(ILogger<HubFailureFilter> logger) : IHubFilter
{
    public const string Unavailable = "unavailable";

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext context, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var scope = new Dictionary<string, object?>
        {
            ["UserId"] = context.Context.UserIdentifier,
            ["ConnectionId"] = context.Context.ConnectionId,
            ["HubMethod"] = context.HubMethodName,
        };
        if (context.HubMethod.GetParameters() is [{ Name: "roomId" }, ..] && context.HubMethodArguments is [string roomId, ..])
        {
            scope["RoomId"] = roomId;
        }
        using var _ = logger.BeginScope(scope);
        using var activity = Operations.GatewayTracing.Source.StartActivity($"hub {context.HubMethodName}");
        foreach (var (key, value) in scope)
        {
            activity?.SetTag(key, value);
        }
        try
        {
            return await next(context);
        }
        catch (Exception e) when (IsTransient(e))
        {
            logger.LogWarning(e, "Hub call {HubMethod} failed while the cluster or the ledger's database is unavailable", context.HubMethodName);
            throw HubErrors.Error(Unavailable, "The service is recovering from a failure; retry with the same requestId in a moment.");
        }
    }

    /// <summary>Failures a retry can cure: the same list the HTTP problem mapper answers with 503.</summary>
    public static bool IsTransient(Exception e) => e is LedgerUnavailableException or TimeoutException or SiloUnavailableException
        or OrleansMessageRejectionException or Orleans.Runtime.Messaging.ConnectionFailedException;
}

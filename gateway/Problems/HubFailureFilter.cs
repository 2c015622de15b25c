using Microsoft.AspNetCore.SignalR;

namespace Stagecast.Gateway.Problems;

/// <summary>
/// Every hub call runs in a log scope with the caller's user id, the connection id, the method and, for methods whose
/// first argument is a room, the room id; and a call that fails because a silo just died or is unreachable answers
/// the typed <c>unavailable</c> error (retry shortly with the same request id) instead of SignalR's untyped one, as
/// HTTP answers 503 <c>unavailable</c>.
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
        catch (Exception e) when (e is TimeoutException or SiloUnavailableException or OrleansMessageRejectionException
            or Orleans.Runtime.Messaging.ConnectionFailedException)
        {
            logger.LogWarning(e, "Hub call {HubMethod} failed while the cluster is unavailable", context.HubMethodName);
            throw HubErrors.Error(Unavailable, "A server node is unavailable; retry in a second (the same request id is safe).");
        }
    }
}

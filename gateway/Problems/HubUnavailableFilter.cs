using Microsoft.AspNetCore.SignalR;
using Stagecast.Contracts.Wallet;

namespace Stagecast.Gateway.Problems;

/// <summary>
/// A hub call that failed because a silo died, the cluster timed out or the ledger's database is down answers the
/// typed "unavailable" error (retry with the same request id), not SignalR's bare "An unexpected error occurred".
/// </summary>
public sealed class HubUnavailableFilter(ILogger<HubUnavailableFilter> logger) : IHubFilter
{
    public const string Code = "unavailable";

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext context, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception e) when (IsTransient(e))
        {
            logger.LogWarning(e, "Hub {Method} failed transiently", context.HubMethodName);
            throw HubErrors.Error(Code, "The service is recovering from a failure; retry with the same requestId in a moment.");
        }
    }

    /// <summary>Failures a retry can cure: the same list the HTTP problem mapper answers with 503.</summary>
    public static bool IsTransient(Exception e) => e is LedgerUnavailableException or TimeoutException or SiloUnavailableException
        or OrleansMessageRejectionException or Orleans.Runtime.Messaging.ConnectionFailedException;
}

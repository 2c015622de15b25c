using Microsoft.AspNetCore.SignalR;

namespace Stagecast.Gateway.Operations;

/// <summary>Counts accepted comments from the hub's invocations, so the hub itself carries no metrics code.</summary>
public sealed class HubMetricsFilter(LiveMetrics metrics) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext context, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var result = await next(context);
        // Reached only when the method returned: a refused comment throws a HubException.
        if (context.HubMethodName == "SendComment")
        {
            metrics.CommentAccepted();
        }
        return result;
    }
}

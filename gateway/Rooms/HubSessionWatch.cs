using Stagecast.Gateway.Accounts;

namespace Stagecast.Gateway.Rooms;

/// <summary>
/// Closes hub connections whose session was revoked after they connected (password change, log out everywhere,
/// suspension): every "Stagecast:Auth:SessionCheckInterval" (default 2 s) each signed-in connection on this gateway has
/// its token's session version compared with the user's. Each gateway checks its own connections, so it works in a cluster.
/// </summary>
public sealed class HubSessionWatch(LiveHubConnections connections, IGrainFactory grains, IConfiguration configuration, ILogger<HubSessionWatch> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = configuration.GetValue<TimeSpan?>("Stagecast:Auth:SessionCheckInterval") ?? TimeSpan.FromSeconds(2);
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var user in connections.All.Where(c => c.User.UserId() is not null).GroupBy(c => c.User.UserId()!))
            {
                try
                {
                    foreach (var connection in user)
                    {
                        if (!await SessionCheck.IsCurrentAsync(grains, user.Key, connection.User))
                        {
                            logger.LogInformation("Closing hub connection {ConnectionId} of {UserId}: session revoked", connection.ConnectionId, user.Key);
                            connection.Abort();
                        }
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Could not check the sessions of {UserId}", user.Key);
                }
            }
        }
    }
}

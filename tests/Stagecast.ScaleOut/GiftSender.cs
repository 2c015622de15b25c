using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Stagecast.ScaleOut;

/// <summary>
/// One viewer gifting roses over /hubs/live, one call at a time. A failed call is resent with the same request id
/// (after reconnecting) until a receipt comes back, as the web client does, so every gift is either acknowledged once
/// or still being retried; at the end the wallet must hold exactly the funded coins minus the acknowledged gifts.
/// </summary>
public sealed class GiftSender(PlatformApi api, string token, string roomId, int index)
{
    private HubConnection? _connection;

    public long Acknowledged { get; private set; }

    public long Errors { get; private set; }

    /// <summary>Gifts given up after two minutes of failures: each may or may not have been paid.</summary>
    public long Unresolved { get; private set; }

    /// <summary>When this sender's first gift started after the kill was acknowledged (null: none yet).</summary>
    public TimeSpan? FirstAfterKill { get; private set; }

    public long Funded { get; set; }

    public string Token => token;

    public async Task RunAsync(Stopwatch clock, Func<TimeSpan?> killedAt, Latencies latencies, CancellationToken stop)
    {
        for (long n = 0; !stop.IsCancellationRequested; n++)
        {
            var requestId = $"so-{index}-{n}-{Guid.NewGuid():N}";
            var started = clock.Elapsed;
            var kill = killedAt();
            // Once stopped, the gift in hand is still retried until acknowledged: nothing is left half-known.
            var acknowledged = false;
            while (!acknowledged)
            {
                if (clock.Elapsed - started > TimeSpan.FromMinutes(2))
                {
                    Unresolved++;
                    break;
                }
                try
                {
                    var connection = await ConnectedAsync();
                    using var call = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                    var receipt = await connection.InvokeAsync<JsonElement>("SendGift", roomId, "rose", 1, requestId, call.Token);
                    if (receipt.GetProperty("requestId").GetString() != requestId)
                    {
                        throw new InvalidOperationException("a receipt for another request");
                    }
                    acknowledged = true;
                }
                catch (Exception)
                {
                    Errors++;
                    await DropAsync();
                    await Task.Delay(200, CancellationToken.None);
                }
            }
            if (!acknowledged)
            {
                continue;
            }
            Acknowledged++;
            latencies.Add((clock.Elapsed - started).TotalMilliseconds);
            if (kill is { } k && started >= k && FirstAfterKill is null)
            {
                FirstAfterKill = clock.Elapsed - k;
            }
        }
        await DropAsync();
    }

    private async Task<HubConnection> ConnectedAsync()
    {
        if (_connection is { State: HubConnectionState.Connected })
        {
            return _connection;
        }
        await DropAsync();
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(api.BaseAddress, "/hubs/live"), o =>
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
            })
            .Build();
        _connection = connection;
        await connection.StartAsync();
        await connection.InvokeAsync<JsonElement>("JoinRoom", roomId);
        return connection;
    }

    private async Task DropAsync()
    {
        if (_connection is { } connection)
        {
            _connection = null;
            try
            {
                await connection.DisposeAsync();
            }
            catch (Exception)
            {
                // already broken
            }
        }
    }
}

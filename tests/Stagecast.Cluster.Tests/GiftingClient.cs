using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit.Abstractions;

namespace Stagecast.Cluster.Tests;

/// <summary>
/// A viewer that gifts over /hubs/live and, like the web client, reconnects and resends the same request id when a
/// call fails: the request id makes the resend safe (one payment), so "acknowledged" means paid exactly once.
/// </summary>
public sealed class GiftingClient(Uri baseAddress, string token, string roomId) : IDisposable
{
    public const string GiftId = "finger-heart";
    public const long GiftCoins = 5;

    private HubConnection? _connection;

    /// <summary>Sends one gift until a receipt comes back; returns the sender's balance from the receipt.</summary>
    public async Task<long> SendUntilAcknowledgedAsync(string requestId, TimeSpan limit, ITestOutputHelper output)
    {
        var deadline = DateTime.UtcNow + limit;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var connection = await ConnectedAsync();
                using var call = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                var receipt = await connection.InvokeAsync<JsonElement>("SendGift", roomId, GiftId, 1, requestId, call.Token);
                Assert.Equal(requestId, receipt.GetProperty("requestId").GetString());
                return receipt.GetProperty("coins").GetInt64();
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                // A call that reached the hub and failed there carries a typed code (never SignalR's bare
                // "An unexpected error occurred"): a node failure is "unavailable".
                if (e is Microsoft.AspNetCore.SignalR.HubException)
                {
                    Assert.Contains("HubException: unavailable:", e.Message);
                }
                last = e;
                output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {requestId}: {e.GetType().Name} {e.Message}");
                await DropAsync();
                await Task.Delay(500);
            }
        }
        throw new TimeoutException($"{requestId} was never acknowledged: {last?.Message}");
    }

    private async Task<HubConnection> ConnectedAsync()
    {
        if (_connection is { State: HubConnectionState.Connected })
        {
            return _connection;
        }
        await DropAsync();
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(baseAddress, "/hubs/live"), o =>
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                // Through nginx: WebSockets only, so the Upgrade pass-through is what is tested.
                o.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets;
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
                // A connection to a killed gateway may fail to close cleanly; it is gone either way.
            }
        }
    }

    public void Dispose() => DropAsync().GetAwaiter().GetResult();
}

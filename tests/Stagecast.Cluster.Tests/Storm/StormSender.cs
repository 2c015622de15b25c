using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Stagecast.Cluster.Tests.Storm;

/// <summary>
/// One viewer in a gift storm, over a real SignalR connection and the sandbox checkout: it sends gifts one after
/// another, buys a small pack now and then, and retries every unanswered call with the same id. It keeps its own
/// model of its balance from what it was told (credited packs minus acknowledged gifts) and records every receipt
/// that disagrees with it.
/// </summary>
public sealed class StormSender(int index, string userId, string token) : IAsyncDisposable
{
    public const string Gift = "finger-heart";
    public const long GiftCoins = 5;
    private const int MaxFailuresPerCall = 600;

    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(60) };
    private HubConnection? _hub;
    private Uri? _hubBase;

    public string UserId { get; } = userId;

    public string Token { get; } = token;

    /// <summary>Coins of every pack whose confirmation the client saw acknowledged.</summary>
    public long Credited { get; private set; }

    public List<string> PaidPurchases { get; } = [];

    public List<(string RequestId, long Coins)> Receipts { get; } = [];

    /// <summary>Request ids of gifts whose call failed with no answer (the kill's in-flight gifts among them).</summary>
    public List<string> FailedGifts { get; } = [];

    public List<string> FailedConfirms { get; } = [];

    public List<string> Mismatches { get; } = [];

    public bool Finished { get; private set; }

    public long ExpectedCoins => Credited - GiftCoins * Receipts.Count;

    public static string GiftKey(string userId, string requestId) => $"gift:{userId}:{requestId}";

    public string RequestId(int gift) => $"g{index}-{gift}";

    /// <summary>
    /// Sends <paramref name="gifts"/> gifts (fewer if <paramref name="stop"/> fires), buying a 70-coin pack before every 25th;
    /// with a <paramref name="pace"/>, waits that long after each gift (a steady stream for as long as a test needs).
    /// </summary>
    public async Task RunAsync(StormControl control, string roomId, int gifts, CancellationToken stop = default, TimeSpan pace = default)
    {
        for (var i = 0; i < gifts && !stop.IsCancellationRequested; i++)
        {
            if (i > 0 && pace > TimeSpan.Zero)
            {
                await Task.Delay(pace, CancellationToken.None);
            }
            if (i % 25 == 12)
            {
                await BuyAsync(control, "coins-70", 70);
            }
            await GiftAsync(control, roomId, RequestId(i));
        }
        Finished = true;
    }

    /// <summary>Creates a purchase and confirms it in the sandbox, retrying the confirmation until it is acknowledged.</summary>
    public async Task BuyAsync(StormControl control, string packId, long coins)
    {
        string? purchaseId = null;
        var checkoutQuery = "";
        for (var failures = 0; purchaseId is null; failures++)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(control.BaseAddress, "/api/wallet/purchases"))
                {
                    Content = JsonContent.Create(new { packId }),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
                using var response = await _http.SendAsync(request);
                if (response.StatusCode != HttpStatusCode.Created)
                {
                    throw new HttpRequestException($"purchase gave {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }
                var purchase = await response.Content.ReadFromJsonAsync<JsonElement>();
                // The checkout link's query carries the buyer's token, which the confirm needs.
                checkoutQuery = new Uri(purchase.GetProperty("checkoutUrl").GetString()!).Query;
                purchaseId = purchase.GetProperty("purchaseId").GetString();
            }
            catch (Exception e) when (failures < MaxFailuresPerCall && e is not JsonException)
            {
                // The client never learnt this purchase's id: at most an unconfirmed purchase is left, which credits nothing.
                await control.AfterFailureAsync(e);
            }
        }
        for (var failures = 0; ; failures++)
        {
            try
            {
                using var response = await _http.PostAsync(new Uri(control.BaseAddress, $"/wallet/sandbox/checkout/{purchaseId}/confirm{checkoutQuery}"), null);
                if (response.StatusCode != HttpStatusCode.Redirect)
                {
                    throw new HttpRequestException($"confirm gave {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }
                Credited += coins;
                PaidPurchases.Add(purchaseId!);
                return;
            }
            catch (Exception e) when (failures < MaxFailuresPerCall)
            {
                FailedConfirms.Add(purchaseId!);
                await control.AfterFailureAsync(e);
            }
        }
    }

    private async Task GiftAsync(StormControl control, string roomId, string requestId)
    {
        for (var failures = 0; ; failures++)
        {
            try
            {
                var hub = await ConnectAsync(control.BaseAddress);
                var receipt = await hub.InvokeAsync<JsonElement>("SendGift", roomId, Gift, 1, requestId);
                var coins = receipt.GetProperty("coins").GetInt64();
                Receipts.Add((requestId, coins));
                control.Acknowledge();
                if (coins != ExpectedCoins)
                {
                    Mismatches.Add($"{requestId}: told {coins} coins, model {ExpectedCoins}");
                }
                return;
            }
            catch (Exception e) when (failures < MaxFailuresPerCall)
            {
                FailedGifts.Add(requestId);
                await control.AfterFailureAsync(e);
            }
        }
    }

    private async Task<HubConnection> ConnectAsync(Uri baseAddress)
    {
        if (_hub is { State: HubConnectionState.Connected } && _hubBase == baseAddress)
        {
            return _hub;
        }
        if (_hub is not null)
        {
            await _hub.DisposeAsync();
            _hub = null;
        }
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(baseAddress, "/hubs/live"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(Token))
            .Build();
        hub.ServerTimeout = TimeSpan.FromSeconds(120);
        hub.HandshakeTimeout = TimeSpan.FromSeconds(60);
        await hub.StartAsync();
        _hub = hub;
        _hubBase = baseAddress;
        return hub;
    }

    public async ValueTask DisposeAsync()
    {
        if (_hub is not null)
        {
            await _hub.DisposeAsync();
        }
        _http.Dispose();
    }
}

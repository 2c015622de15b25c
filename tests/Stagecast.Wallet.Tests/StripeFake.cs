using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Stagecast.Wallet.Tests;

/// <summary>
/// A local Stripe-compatible fake on 127.0.0.1: the few /v1 endpoints Stagecast calls (checkout sessions, subscription updates and cancels, accounts,
/// account links, transfers, listing transfers by transfer_group). It records every request (path, Idempotency-Key,
/// form fields) and, like Stripe, replays the first response for a repeated idempotency key. Transfers can be made
/// to fail the way networks do (<see cref="TransferFaults"/>): a timeout after the transfer was made, a 5xx before,
/// a connection reset.
/// </summary>
public sealed class StripeFake : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, string> _byKey = new();
    private int _next;

    private StripeFake(WebApplication app) => _app = app;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public string BaseUrl { get; private set; } = "";

    /// <summary>When set, transfers answer 400 with this error code.</summary>
    public string? FailTransfersWith { get; set; }

    /// <summary>Connected accounts whose transfers Stripe refuses (400 <c>account_invalid</c>), as for a closed account.</summary>
    public ConcurrentDictionary<string, bool> FailTransfersTo { get; } = new();

    /// <summary>Faults for the next transfer POSTs, one each, in order.</summary>
    public ConcurrentQueue<TransferFault> TransferFaults { get; } = new();

    /// <summary>Transfers really made (one per idempotency key), by id, with their transfer_group.</summary>
    public ConcurrentDictionary<string, string> Transfers { get; } = new();

    /// <summary>Listing transfers returns none (as if the list lagged), so a retry must rely on the idempotency key alone.</summary>
    public bool HideTransfersFromList { get; set; }

    /// <summary>How long a "timeout" fault holds the response (longer than the client waits).</summary>
    public TimeSpan TimeoutDelay { get; set; } = TimeSpan.FromSeconds(5);

    public ConcurrentQueue<string> Lists { get; } = new();

    public static async Task<StripeFake> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new StripeFake(app);
        app.MapPost("/v1/{**path}", fake.HandleAsync);
        app.MapGet("/v1/transfers", fake.ListTransfersAsync);
        app.MapDelete("/v1/subscriptions/{id}", fake.CancelSubscriptionAsync);
        await app.StartAsync();
        fake.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return fake;
    }

    private async Task HandleAsync(HttpContext http, string path)
    {
        var form = await http.Request.ReadFormAsync();
        var fields = form.ToDictionary(f => f.Key, f => f.Value.ToString());
        var key = http.Request.Headers["Idempotency-Key"].ToString();
        Requests.Enqueue(new RecordedRequest(path, key, http.Request.Headers.Authorization.ToString(), fields));
        if (path == "transfers" && TransferFaults.TryDequeue(out var fault))
        {
            switch (fault)
            {
                case TransferFault.ServiceUnavailable:
                    http.Response.StatusCode = 503;
                    http.Response.ContentType = "application/json";
                    await http.Response.WriteAsync("""{"error":{"type":"api_error","message":"fake: service unavailable"}}""");
                    return;
                case TransferFault.ConnectionReset:
                    http.Abort();
                    return;
                case TransferFault.TimeoutAfterCreate:
                    // Stripe made the transfer and stored the answer under the key; the caller never hears it.
                    _byKey.GetOrAdd(path + "|" + key, _ => Respond(path, fields));
                    await Task.Delay(TimeoutDelay, CancellationToken.None);
                    http.Abort();
                    return;
            }
        }
        if (path == "transfers" && FailTransfersTo.ContainsKey(fields.GetValueOrDefault("destination") ?? ""))
        {
            http.Response.StatusCode = 400;
            await http.Response.WriteAsync("""{"error":{"type":"invalid_request_error","code":"account_invalid","message":"fake refusal: account closed"}}""");
            return;
        }
        if (path == "transfers" && FailTransfersWith is { } code)
        {
            http.Response.StatusCode = 400;
            await http.Response.WriteAsync($$$"""{"error":{"type":"invalid_request_error","code":"{{{code}}}","message":"fake refusal"}}""");
            return;
        }
        var body = _byKey.GetOrAdd(path + "|" + key, _ => Respond(path, fields));
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(body);
    }

    private string Respond(string path, Dictionary<string, string> f)
    {
        var n = Interlocked.Increment(ref _next);
        return path switch
        {
            "checkout/sessions" => $$$"""
                {"id":"cs_test_{{{n}}}","object":"checkout.session","url":"https://checkout.stripe.test/c/pay/cs_test_{{{n}}}","payment_status":"unpaid","status":"open",
                 "client_reference_id":"{{{f.GetValueOrDefault("client_reference_id")}}}","mode":"{{{f.GetValueOrDefault("mode") ?? "payment"}}}"}
                """,
            _ when path.StartsWith("subscriptions/", StringComparison.Ordinal) => Subscription(path["subscriptions/".Length..], f),
            "accounts" => $$$"""{"id":"acct_fake_{{{n}}}","object":"account","type":"express","payouts_enabled":false,"charges_enabled":false}""",
            "account_links" => $$$"""{"object":"account_link","url":"https://connect.stripe.test/setup/e/{{{f.GetValueOrDefault("account")}}}/{{{n}}}","created":1,"expires_at":2}""",
            "transfers" => Transfer($"tr_fake_{n}", f),
            _ => """{"error":{"type":"invalid_request_error","message":"unknown path"}}""",
        };
    }

    private string Transfer(string id, Dictionary<string, string> f)
    {
        var json = $$$"""
            {"id":"{{{id}}}","object":"transfer","amount":{{{f.GetValueOrDefault("amount")}}},"amount_reversed":0,"currency":"{{{f.GetValueOrDefault("currency")}}}",
             "destination":"{{{f.GetValueOrDefault("destination")}}}","transfer_group":"{{{f.GetValueOrDefault("transfer_group")}}}","reversed":false,
             "metadata":{"cashout_id":"{{{f.GetValueOrDefault("metadata[cashout_id]")}}}"}}
            """;
        _transferJson[id] = json;
        Transfers[id] = f.GetValueOrDefault("transfer_group") ?? "";
        return json;
    }

    private readonly ConcurrentDictionary<string, string> _transferJson = new();

    /// <summary>The answer to updating a subscription (cancel at period end): the subscription as Stripe returns it.</summary>
    private static string Subscription(string id, Dictionary<string, string> f, string status = "active")
    {
        var end = DateTimeOffset.UtcNow.AddDays(30).ToUnixTimeSeconds();
        return $$$"""
            {"id":"{{{id}}}","object":"subscription","status":"{{{status}}}","cancel_at_period_end":{{{f.GetValueOrDefault("cancel_at_period_end") ?? "false"}}},"metadata":{},
             "items":{"object":"list","has_more":false,"data":[{"id":"si_{{{id}}}","object":"subscription_item","current_period_end":{{{end}}},"current_period_start":{{{end - 2592000}}}}]}}
            """;
    }

    /// <summary>DELETE /v1/subscriptions/{id} (cancel now; parameters in the query): the subscription, canceled.</summary>
    private async Task CancelSubscriptionAsync(HttpContext http, string id)
    {
        var fields = http.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString());
        var key = http.Request.Headers["Idempotency-Key"].ToString();
        Requests.Enqueue(new RecordedRequest("DELETE subscriptions/" + id, key, http.Request.Headers.Authorization.ToString(), fields));
        var body = _byKey.GetOrAdd("DELETE subscriptions/" + id + "|" + key, _ => Subscription(id, [], "canceled"));
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(body);
    }

    private async Task ListTransfersAsync(HttpContext http)
    {
        var group = http.Request.Query["transfer_group"].ToString();
        Lists.Enqueue(group);
        string[] data = HideTransfersFromList ? [] : Transfers.Where(t => t.Value == group).Select(t => _transferJson[t.Key]).ToArray();
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync($$$"""{"object":"list","url":"/v1/transfers","has_more":false,"data":[{{{string.Join(",", data)}}}]}""");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record RecordedRequest(string Path, string IdempotencyKey, string Authorization, Dictionary<string, string> Fields);

/// <summary>How the fake fails one transfer request.</summary>
public enum TransferFault
{
    /// <summary>503 before anything was done.</summary>
    ServiceUnavailable,
    /// <summary>The connection is dropped before anything was done.</summary>
    ConnectionReset,
    /// <summary>The transfer is made, but the answer comes too late (the client has given up).</summary>
    TimeoutAfterCreate,
}

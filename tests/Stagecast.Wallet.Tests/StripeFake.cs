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
/// A local Stripe-compatible fake on 127.0.0.1: the few /v1 endpoints Stagecast calls (checkout sessions, accounts,
/// account links, transfers). It records every request (path, Idempotency-Key, form fields) and, like Stripe,
/// replays the first response for a repeated idempotency key.
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

    public static async Task<StripeFake> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new StripeFake(app);
        app.MapPost("/v1/{**path}", fake.HandleAsync);
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
                 "client_reference_id":"{{{f.GetValueOrDefault("client_reference_id")}}}","mode":"payment"}
                """,
            "accounts" => $$$"""{"id":"acct_fake_{{{n}}}","object":"account","type":"express","payouts_enabled":false,"charges_enabled":false}""",
            "account_links" => $$$"""{"object":"account_link","url":"https://connect.stripe.test/setup/e/{{{f.GetValueOrDefault("account")}}}/{{{n}}}","created":1,"expires_at":2}""",
            "transfers" => $$$"""{"id":"tr_fake_{{{n}}}","object":"transfer","amount":{{{f.GetValueOrDefault("amount")}}},"currency":"{{{f.GetValueOrDefault("currency")}}}","destination":"{{{f.GetValueOrDefault("destination")}}}"}""",
            _ => """{"error":{"type":"invalid_request_error","message":"unknown path"}}""",
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record RecordedRequest(string Path, string IdempotencyKey, string Authorization, Dictionary<string, string> Fields);

using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Stagecast.Hls.Tests.Infrastructure;

/// <summary>
/// A reverse proxy on loopback in front of an origin gateway that counts every request it forwards by path and
/// query, so a test can assert how many upstream requests an edge gateway really made.
/// </summary>
public sealed class CountingProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _upstream;
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    private CountingProxy(WebApplication app, HttpClient upstream)
    {
        _app = app;
        _upstream = upstream;
    }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>How many requests for exactly this path and query reached the origin.</summary>
    public int Count(string pathAndQuery) => _counts.TryGetValue(pathAndQuery, out var n) ? n : 0;

    public static async Task<CountingProxy> StartAsync(Uri origin)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var proxy = new CountingProxy(app, new HttpClient { BaseAddress = origin, Timeout = TimeSpan.FromSeconds(60) });
        app.Run(proxy.ForwardAsync);
        await app.StartAsync();
        proxy.BaseAddress = new Uri(app.Urls.First());
        return proxy;
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var pathAndQuery = context.Request.Path + context.Request.QueryString;
        _counts.AddOrUpdate(pathAndQuery, 1, (_, n) => n + 1);
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), pathAndQuery);
        foreach (var (name, values) in context.Request.Headers)
        {
            if (name.StartsWith("X-", StringComparison.OrdinalIgnoreCase)) request.Headers.TryAddWithoutValidation(name, values.ToArray());
        }
        using var response = await _upstream.SendAsync(request, HttpCompletionOption.ResponseContentRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        if (response.Headers.CacheControl is { } cacheControl) context.Response.Headers.CacheControl = cacheControl.ToString();
        if (response.Content.Headers.ContentType is { } contentType) context.Response.ContentType = contentType.ToString();
        await context.Response.Body.WriteAsync(await response.Content.ReadAsByteArrayAsync(context.RequestAborted), context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _upstream.Dispose();
    }
}

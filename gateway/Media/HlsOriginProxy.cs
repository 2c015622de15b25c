using System.Collections.Concurrent;
using Stagecast.Media.Hls;

namespace Stagecast.Gateway.Media;

/// <summary>
/// Serves a room's HLS from the gateway that packages it when this gateway does not. Identical requests in
/// flight (every local viewer asking for the same part or the same blocking playlist) share one upstream
/// request, and immutable answers (init, parts, segments) are kept in a bounded cache, so the origin sees
/// about one request per part per gateway however many viewers this gateway has.
/// </summary>
public sealed class HlsOriginProxy(IHttpClientFactory clients, IHlsOriginLocator locator, ILogger<HlsOriginProxy> logger)
{
    /// <summary>Marks a proxied request so that an origin never proxies it onwards (no loops).</summary>
    public const string ProxiedHeader = "X-Stagecast-Hls-Proxied";

    /// <summary>The named HttpClient the proxy uses (its timeout outlasts the origin's blocking cap).</summary>
    public const string HttpClientName = "hls-origin";

    private const int MaxCachedEntries = 2048;

    private readonly ConcurrentDictionary<string, Lazy<Task<HlsResponse?>>> _inFlight = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (HlsResponse Response, long Stamp)> _immutable = new(StringComparer.Ordinal);
    private long _stamp;

    public async ValueTask<HlsResponse?> TryGetAsync(string roomId, string pathAndQuery, CancellationToken ct)
    {
        var key = roomId + "/" + pathAndQuery;
        if (_immutable.TryGetValue(key, out var cached)) return cached.Response;

        var origin = await locator.FindOriginAsync(roomId, ct);
        if (origin is null) return null;

        // The shared upstream call must not die with the first caller: it runs on its own token. GetOrAdd may run
        // its factory for several racing callers, so the factory only makes a Lazy: one fetch starts, from the stored one.
        var shared = _inFlight.GetOrAdd(key, _ => new Lazy<Task<HlsResponse?>>(() => FetchAsync(origin, roomId, pathAndQuery, key)));
        return await shared.Value.WaitAsync(ct);
    }

    private async Task<HlsResponse?> FetchAsync(Uri origin, string roomId, string pathAndQuery, string key)
    {
        await Task.Yield();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(origin, $"/hls/{Uri.EscapeDataString(roomId)}/{pathAndQuery}"));
            request.Headers.TryAddWithoutValidation(ProxiedHeader, "1");
            using var http = clients.CreateClient(HttpClientName);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
            var cacheControl = response.Headers.CacheControl?.ToString() ?? HlsResponse.NoCache;
            HlsResponse result;
            if (response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsByteArrayAsync();
                result = new HlsResponse(HlsStatus.Ok, body, response.Content.Headers.ContentType?.MediaType ?? HlsResponse.Mp4ContentType, cacheControl);
                if (cacheControl.Contains("immutable", StringComparison.Ordinal)) Remember(key, result);
            }
            else if ((int)response.StatusCode == StatusCodes.Status400BadRequest)
            {
                result = HlsResponse.BadRequest("rejected by the origin gateway");
            }
            else
            {
                return null;
            }

            return result;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            logger.LogWarning(e, "HLS origin {Origin} failed for {RoomId}", origin, roomId);
            return null;
        }
        finally
        {
            _inFlight.TryRemove(key, out _);
        }
    }

    private void Remember(string key, HlsResponse response)
    {
        _immutable[key] = (response, Interlocked.Increment(ref _stamp));
        if (_immutable.Count <= MaxCachedEntries) return;

        // Live parts are wanted for seconds: dropping the older half is as good as an exact LRU here.
        var cutoff = Interlocked.Read(ref _stamp) - MaxCachedEntries / 2;
        foreach (var (k, v) in _immutable)
        {
            if (v.Stamp < cutoff) _immutable.TryRemove(k, out _);
        }
    }
}

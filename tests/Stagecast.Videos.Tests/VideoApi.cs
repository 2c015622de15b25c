using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Stagecast.TestInfrastructure;

namespace Stagecast.Videos.Tests;

/// <summary>Test-side helpers over the real HTTP API: upload, read, wait for a status.</summary>
public static class VideoApi
{
    public static async Task<HttpResponseMessage> UploadAsync(GatewayHost host, string token, string path, string caption, string fileName = "clip.mp4")
    {
        using var client = host.CreateClient(token);
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(caption), "caption");
        var file = new StreamContent(File.OpenRead(path));
        file.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
        form.Add(file, "file", fileName);
        return await client.PostAsync("/api/videos", form);
    }

    public static async Task<string> UploadOkAsync(GatewayHost host, string token, string path, string caption)
    {
        var response = await UploadAsync(host, token, path, caption);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await JsonAsync(response)).GetProperty("videoId").GetString()!;
    }

    public static async Task<JsonElement> WaitForStatusAsync(GatewayHost host, string videoId, string status)
    {
        using var client = host.CreateClient();
        return await Eventually.ValueAsync(
            async () => await JsonAsync(await client.GetAsync($"/api/videos/{videoId}")),
            v => v.GetProperty("status").GetString() is var s && (s == status || s == "failed"),
            $"video {videoId} {status}");
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = await JsonAsync(response);
        Assert.Equal(code, json.GetProperty("code").GetString());
        return json;
    }

    /// <summary>A started real SignalR connection to the gateway's /hubs/live as the token's user (null: anonymous).</summary>
    public static async Task<HubConnection> ConnectHubAsync(GatewayHost host, string? token, Action<HubConnection> handlers)
    {
        var hub = new HubConnectionBuilder().WithUrl(new Uri(host.BaseAddress, "/hubs/live"), o =>
        {
            o.Transports = HttpTransportType.WebSockets;
            o.SkipNegotiation = true;
            o.AccessTokenProvider = token is null ? null : () => Task.FromResult<string?>(token);
        }).Build();
        handlers(hub);
        await hub.StartAsync();
        return hub;
    }
}

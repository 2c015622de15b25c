using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Stagecast.Contracts.Feed;
using Stagecast.TestInfrastructure;

namespace Stagecast.Videos.Tests;

/// <summary>
/// The live side of GDPR over real HTTP and real SignalR clients: what a user wrote in someone else's live chat and
/// what their feed learned from their watching are in their export, and are gone after they delete the account
/// (viewers still in the room are told to remove the comments; other people's comments stay).
/// </summary>
public sealed class LiveActivityPrivacyTests
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task Live_chat_comments_and_watch_history_are_exported_then_erased_with_the_account()
    {
        await using var host = await GatewayHost.StartEmbeddedAsync();
        var (userId, token) = await host.RegisterAsync(password: Password);
        var (creatorId, creatorToken) = await host.RegisterAsync();
        var (_, friendToken) = await host.RegisterAsync();
        var videoId = await VideoApi.UploadOkAsync(host, creatorToken, await SampleMedia.VideoAsync(320, 180, 1), "watch me #privacytag");
        await VideoApi.WaitForStatusAsync(host, videoId, "ready");
        var room = await host.OpenRoomAsync("someone else's live");

        await using var userHub = await HubAsync(host, token);
        await using var friendHub = await HubAsync(host, friendToken);
        var deleted = new ConcurrentQueue<long>();
        friendHub.On<JsonElement>("commentDeleted", d => deleted.Enqueue(d.GetProperty("commentId").GetInt64()));
        await userHub.InvokeAsync<JsonElement>("JoinRoom", room.RoomId);
        await friendHub.InvokeAsync<JsonElement>("JoinRoom", room.RoomId);
        await userHub.InvokeAsync("SendComment", room.RoomId, "the leaver said this live");
        await friendHub.InvokeAsync("SendComment", room.RoomId, "the friend said this live");
        using var user = host.CreateClient(token);
        (await user.GetAsync("/api/feed")).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NoContent, (await user.PostAsJsonAsync($"/api/videos/{videoId}/events", new { type = "view" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await user.PostAsJsonAsync($"/api/videos/{videoId}/events", new { type = "watch", watchedMs = 900 })).StatusCode);

        using var zip = await ExportAsync(user);
        var chat = await JsonEntryAsync(zip, "livechat.json");
        var spoken = Assert.Single(chat.EnumerateArray());
        Assert.Equal(room.RoomId, spoken.GetProperty("roomId").GetString());
        var mine = Assert.Single(spoken.GetProperty("comments").EnumerateArray());
        Assert.Equal("the leaver said this live", mine.GetProperty("text").GetString());
        Assert.Equal(userId, mine.GetProperty("userId").GetString());
        var watched = await JsonEntryAsync(zip, "watch-history.json");
        Assert.Contains(videoId, watched.GetProperty("seen").EnumerateArray().Select(e => e.GetString()));
        Assert.True(watched.GetProperty("interests").TryGetProperty("@" + creatorId, out _), watched.GetRawText());

        var leaving = new HttpRequestMessage(HttpMethod.Delete, "/api/me") { Content = JsonContent.Create(new { password = Password }) };
        Assert.Equal(HttpStatusCode.NoContent, (await user.SendAsync(leaving)).StatusCode);

        var commentId = mine.GetProperty("commentId").GetInt64();
        await Eventually.ValueAsync(() => Task.FromResult(deleted.Contains(commentId)), d => d, "commentDeleted for the leaver's comment");
        await using var latecomer = await HubAsync(host, (await host.RegisterAsync()).Token);
        var snapshot = await latecomer.InvokeAsync<JsonElement>("JoinRoom", room.RoomId);
        var texts = snapshot.GetProperty("comments").EnumerateArray().Select(c => c.GetProperty("text").GetString()).ToList();
        Assert.Contains("the friend said this live", texts);
        Assert.DoesNotContain("the leaver said this live", texts);
        Assert.DoesNotContain(snapshot.GetProperty("comments").EnumerateArray(), c => c.GetProperty("userId").GetString() == userId);
        // The feed's history of the account is gone (it is reachable only inside the cluster now).
        var history = await host.Services.GetRequiredService<IGrainFactory>().GetGrain<IViewerFeedGrain>(userId).History();
        Assert.Empty(history.Seen);
        Assert.Empty(history.Interests);
    }

    internal static async Task<ZipArchive> ExportAsync(HttpClient owner)
    {
        var started = await owner.PostAsync("/api/me/export", null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var exportId = (await VideoApi.JsonAsync(started)).GetProperty("exportId").GetString()!;
        var ready = await Eventually.ValueAsync(
            async () => await VideoApi.JsonAsync(await owner.GetAsync($"/api/me/export/{exportId}")),
            e => e.GetProperty("status").GetString() is "ready" or "failed", "export ready");
        Assert.Equal("ready", ready.GetProperty("status").GetString());
        var archive = await owner.GetByteArrayAsync(ready.GetProperty("downloadUrl").GetString()!);
        return new ZipArchive(new MemoryStream(archive));
    }

    internal static async Task<JsonElement> JsonEntryAsync(ZipArchive zip, string name)
    {
        var entry = zip.GetEntry(name) ?? throw new Xunit.Sdk.XunitException($"{name} is not in the archive");
        await using var stream = entry.Open();
        return (await JsonDocument.ParseAsync(stream)).RootElement.Clone();
    }

    private static async Task<HubConnection> HubAsync(GatewayHost host, string token)
    {
        var hub = new HubConnectionBuilder().WithUrl(new Uri(host.BaseAddress, "/hubs/live"), o =>
        {
            o.Transports = HttpTransportType.WebSockets;
            o.SkipNegotiation = true;
            o.AccessTokenProvider = () => Task.FromResult<string?>(token);
        }).Build();
        await hub.StartAsync();
        return hub;
    }
}

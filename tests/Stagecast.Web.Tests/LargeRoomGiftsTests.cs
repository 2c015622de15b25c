using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Stagecast.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Stagecast.Web.Tests;

/// <summary>
/// A large room's gifts (docs/rooms.md, "Gifts in large rooms"): its batches keep the biggest gift events and sum the
/// rest into one <c>moreGifts</c> event, which the watch page adds up in one chat line. A real large room needs 200
/// viewers; this platform calls a room large from one viewer on and keeps one gift event per batch.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class LargeRoomGiftsTests(WebFixture web)
{
    [Fact]
    public async Task GiftsLeftOutOfALargeRoomsBatchAddUpInOneChatLineAndNoCoinIsLost()
    {
        await using var platform = await PlatformProcess.StartAsync(
            "--Stagecast:Rooms:LargeRoom:Viewers=1", "--Stagecast:Rooms:LargeRoom:GiftEventsPerBatch=1");
        using var http = new HttpClient { BaseAddress = platform.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var host = await (await http.PostAsJsonAsync("/api/auth/register", new { username = Pages.NewUsername("lara"), password = Pages.Password }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", host.GetProperty("token").GetString());
        var roomId = (await (await http.PostAsJsonAsync("/api/live", new { title = "Big night" })).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("roomId").GetString()!;
        (await http.PostAsync($"/api/live/{roomId}/start", null)).EnsureSuccessStatusCode();

        await using var context = await web.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = platform.BaseAddress.ToString() });
        context.SetDefaultTimeout(20_000);
        var viewer = await Pages.SignUpAsync(context, Pages.NewUsername("gina"), "Gina Gifter");
        var errors = Pages.TrackErrors(viewer);
        await Pages.BuySeventyCoinsAsync(viewer);

        await viewer.GotoAsync($"/watch.html?room={roomId}");
        await Expect(viewer.GetByRole(AriaRole.Heading, new() { Name = "Big night", Level = 1 })).ToBeVisibleAsync();
        await Expect(viewer.Locator("#viewer-pill")).ToHaveTextAsync("1 watching");

        // A rose and a finger heart at the same moment, from two connections of the same viewer, until a window holds
        // both: the batch keeps the finger heart (the bigger) and sums the rose into the "more gifts" line.
        var sent = await viewer.EvaluateAsync<JsonElement>(@"async (roomId) => {
            const token = localStorage.getItem('stagecast.token');
            const open = async () => {
              const c = new signalR.HubConnectionBuilder().withUrl('/hubs/live', { accessTokenFactory: () => token }).build();
              await c.start();
              return c;
            };
            const a = await open(), b = await open();
            let gifts = 0, coins = 0;
            for (let i = 0; i < 8 && !document.querySelector('#comments .more-gifts'); i++) {
              await Promise.all([
                a.invoke('SendGift', roomId, 'rose', 1, crypto.randomUUID()),
                b.invoke('SendGift', roomId, 'finger-heart', 1, crypto.randomUUID()),
              ]);
              gifts += 2;
              coins += 6;
              await new Promise((r) => setTimeout(r, 500));
            }
            await a.stop();
            await b.stop();
            return { gifts, coins };
          }", roomId);
        var gifts = sent.GetProperty("gifts").GetInt32();
        var coins = sent.GetProperty("coins").GetInt64();

        // Every gift is in the chat once: as its own line or in a "more gifts" sum (one line, unless a gift's own line
        // came after it).
        await viewer.WaitForFunctionAsync(@"n => {
            const summed = [...document.querySelectorAll('#comments .more-gifts')].reduce((t, l) => t + Number(l.dataset.gifts), 0);
            return document.querySelectorAll('#comments li.gift').length + summed === n;
          }", gifts);
        await Expect(viewer.Locator("#comments .more-gifts").First).ToHaveTextAsync(new Regex(@"^…and \d+ more gifts? \(\d+ coins?\)$"));
        var summed = await viewer.EvaluateAsync<JsonElement>(@"() => {
            const lines = [...document.querySelectorAll('#comments .more-gifts')];
            return [lines.reduce((t, l) => t + Number(l.dataset.gifts), 0), lines.reduce((t, l) => t + Number(l.dataset.coins), 0)];
          }");
        var (summedGifts, summedCoins) = (summed[0].GetInt32(), summed[1].GetInt64());
        // What was summed were roses (1 coin each): each window kept its finger heart, the bigger gift.
        Assert.InRange(summedGifts, 1, gifts / 2);
        Assert.Equal(summedGifts, summedCoins);
        // Only events were left out: the leaderboard and the wallet hold every coin.
        await Expect(viewer.Locator("#leaders")).ToContainTextAsync($"{coins} coins");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await Api.TokenAsync(viewer));
        var wallet = await http.GetFromJsonAsync<JsonElement>("/api/wallet");
        Assert.Equal(70 - coins, Api.Long(wallet, "coins"));
        await Pages.ScreenshotAsync(viewer, "watch-more-gifts");
        Assert.Empty(errors);
    }
}

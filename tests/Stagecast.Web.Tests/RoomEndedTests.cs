using Microsoft.Playwright;
using Stagecast.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Stagecast.Web.Tests;

/// <summary>
/// Found in a walk: a room ended anywhere but the studio's own End live button (a moderator, the platform, the
/// host's other tab) left the studio saying LIVE with its stream details, and the watch page said "The host ended
/// the live" whoever ended it. Both now say who ended it.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class RoomEndedTests(WebFixture web)
{
    [Fact]
    public async Task A_room_a_moderator_ends_closes_in_the_studio_and_both_pages_say_a_moderator_ended_it()
    {
        await using var hostContext = await web.NewPersonAsync();
        var studio = await Pages.SignUpAsync(hostContext, Pages.NewUsername("endh"), "Edda Host");
        var studioErrors = Pages.TrackErrors(studio);
        var watchHref = await Pages.OpenObsRoomAsync(studio, "Ended by a moderator");
        var roomId = watchHref.Split("room=")[1];

        await using var modContext = await web.NewPersonAsync();
        var moderator = await Pages.SignUpAsync(modContext, Pages.NewUsername("endm"), "Mo Derator");
        var moderatorId = await moderator.EvaluateAsync<string>("() => localStorage.getItem('stagecast.userId')");
        await Api.SendAsync(web, studio, HttpMethod.Put, $"/api/live/{roomId}/moderators/{moderatorId}");
        await using var viewerContext = await web.NewPersonAsync();
        var viewer = await viewerContext.NewPageAsync();
        await viewer.GotoAsync(watchHref);
        await Expect(viewer.Locator("#room-title")).ToHaveTextAsync("Ended by a moderator");
        await Expect(viewer.Locator("#comments")).ToContainTextAsync("Welcome");

        await Api.SendAsync(web, moderator, HttpMethod.Delete, $"/api/live/{roomId}");

        await Expect(studio.Locator("#status")).ToHaveTextAsync("A moderator of your room ended the live. Go live again when you are ready.");
        await Expect(studio.Locator("#comments")).ToContainTextAsync("A moderator of your room ended the live.");
        await Expect(studio.Locator("#live-pill")).ToHaveTextAsync("OFFLINE");
        await Expect(studio.Locator("#obs-details")).ToBeHiddenAsync();
        await Expect(studio.Locator("#end-live")).ToBeHiddenAsync();
        await Expect(studio.Locator("#title")).ToBeEnabledAsync();
        await Expect(viewer.Locator("#ended-detail")).ToHaveTextAsync("A moderator of this room ended the live.");

        // Opened afterwards, the watch page says the same (GET /api/live/{id}'s endedReason).
        await viewer.ReloadAsync();
        await Expect(viewer.Locator("#ended-detail")).ToHaveTextAsync("A moderator of this room ended the live.");

        // The host can open a new room at once; ended from another tab, the studio says so.
        var secondHref = await Pages.OpenObsRoomAsync(studio, "Ended from another tab");
        var other = await hostContext.NewPageAsync();
        await other.GotoAsync("/");
        await Api.SendAsync(web, other, HttpMethod.Delete, $"/api/live/{secondHref.Split("room=")[1]}");
        await Expect(studio.Locator("#status")).ToHaveTextAsync("Your live was ended from another tab or device. Go live again when you are ready.");
        Assert.Empty(studioErrors);
    }
}

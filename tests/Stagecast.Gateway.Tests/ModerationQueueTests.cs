using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Stagecast.TestInfrastructure;

namespace Stagecast.Gateway.Tests;

/// <summary>Issue 14, reports and platform moderation: real HTTP and SignalR clients against an embedded gateway.</summary>
public sealed class ModerationQueueTests(ModerationFixture fixture) : IClassFixture<ModerationFixture>
{
    private const string Password = "correct horse battery";

    private GatewayHost Host => fixture.Host;

    private async Task<string> OperatorTokenAsync()
    {
        using var client = Host.CreateClient();
        var login = await client.PostAsJsonAsync("/api/auth/login", new { username = ModerationFixture.OperatorName, password = Password });
        if (login.StatusCode == HttpStatusCode.Unauthorized)
        {
            return (await Host.RegisterAsync(ModerationFixture.OperatorName, Password)).Token;
        }
        login.EnsureSuccessStatusCode();
        return (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    private async Task<HubConnection> HubAsync(string token)
    {
        var hub = new HubConnectionBuilder().WithUrl(new Uri(Host.BaseAddress, "/hubs/live"), o =>
        {
            o.Transports = HttpTransportType.WebSockets;
            o.SkipNegotiation = true;
            o.AccessTokenProvider = () => Task.FromResult<string?>(token);
        }).Build();
        await hub.StartAsync();
        return hub;
    }

    private static async Task<HttpResponseMessage> ReportAsync(HttpClient client, string targetType, string targetId, string reason = "spam and abuse") =>
        await client.PostAsJsonAsync("/api/reports", new { targetType, targetId, reason });

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Comments a room over the hub and returns the comment's id as the join snapshot shows it.</summary>
    private async Task<long> CommentAsync(string token, string roomId, string text)
    {
        await using var hub = await HubAsync(token);
        await hub.InvokeAsync<JsonElement>("JoinRoom", roomId);
        await hub.InvokeAsync("SendComment", roomId, text);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var snapshot = await hub.InvokeAsync<JsonElement>("JoinRoom", roomId);
            foreach (var c in snapshot.GetProperty("comments").EnumerateArray())
            {
                if (c.GetProperty("text").GetString() == text)
                {
                    return c.GetProperty("commentId").GetInt64();
                }
            }
            Assert.True(DateTime.UtcNow < deadline, "the comment never reached the room");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task A_reported_comment_is_filed_once_with_its_neighbours_and_the_operator_deletes_it()
    {
        var room = await Host.OpenRoomAsync("Chat about cats");
        var (trollId, trollToken) = await Host.RegisterAsync();
        var (_, reporterToken) = await Host.RegisterAsync();
        await CommentAsync(room.HostToken, room.RoomId, "welcome everyone");
        var rude = await CommentAsync(trollToken, room.RoomId, "you are all idiots");
        await CommentAsync(room.HostToken, room.RoomId, "please be kind");

        using var reporter = Host.CreateClient(reporterToken);
        var first = await JsonAsync(await ReportAsync(reporter, "comment", $"{room.RoomId}:{rude}", "insults"), HttpStatusCode.Created);
        var reportId = first.GetProperty("reportId").GetString()!;
        Assert.False(first.GetProperty("duplicate").GetBoolean());
        // The same reporter again: the open report, not a second one.
        var again = await JsonAsync(await ReportAsync(reporter, "comment", $"{room.RoomId}:{rude}", "still rude"), HttpStatusCode.OK);
        Assert.Equal(reportId, again.GetProperty("reportId").GetString());
        Assert.True(again.GetProperty("duplicate").GetBoolean());

        using var ops = Host.CreateClient(await OperatorTokenAsync());
        var queue = await ops.GetFromJsonAsync<JsonElement>("/api/operator/reports");
        var filed = queue.EnumerateArray().Where(r => r.GetProperty("targetId").GetString() == $"{room.RoomId}:{rude}").ToList();
        var report = Assert.Single(filed);
        Assert.Equal("comment", report.GetProperty("targetType").GetString());
        Assert.Equal("open", report.GetProperty("status").GetString());
        Assert.Equal(trollId, report.GetProperty("targetUserId").GetString());
        var context = report.GetProperty("context");
        Assert.Equal("you are all idiots", context.GetProperty("text").GetString());
        var lines = context.GetProperty("neighbours").EnumerateArray().ToList();
        Assert.Contains(lines, l => l.GetProperty("text").GetString() == "welcome everyone" && !l.GetProperty("isReported").GetBoolean());
        Assert.Contains(lines, l => l.GetProperty("text").GetString() == "please be kind");
        Assert.Contains(lines, l => l.GetProperty("text").GetString() == "you are all idiots" && l.GetProperty("isReported").GetBoolean());

        var resolved = await JsonAsync(await ops.PostAsJsonAsync($"/api/operator/reports/{reportId}/resolve",
            new { action = "delete_content", reason = "insults" }), HttpStatusCode.OK);
        Assert.Equal("actioned", resolved.GetProperty("status").GetString());
        await using (var viewer = await HubAsync(reporterToken))
        {
            var snapshot = await viewer.InvokeAsync<JsonElement>("JoinRoom", room.RoomId);
            Assert.DoesNotContain(snapshot.GetProperty("comments").EnumerateArray(), c => c.GetProperty("commentId").GetInt64() == rude);
        }
        // Resolved is closed: a second decision conflicts; the audit log names the operator, the action and the report.
        await ProblemAssert.IsProblem(await ops.PostAsJsonAsync($"/api/operator/reports/{reportId}/resolve", new { action = "dismiss" }),
            HttpStatusCode.Conflict, "report_closed");
        var audit = await ops.GetFromJsonAsync<JsonElement>("/api/operator/audit");
        var entry = audit.EnumerateArray().First(e => e.GetProperty("reportId").GetString() == reportId);
        Assert.Equal("delete_content", entry.GetProperty("action").GetString());
        Assert.Equal("insults", entry.GetProperty("reason").GetString());
        Assert.False(string.IsNullOrEmpty(entry.GetProperty("operatorId").GetString()));
    }

    [Fact]
    public async Task Bad_reports_are_refused_with_problems_and_too_many_get_429_with_Retry_After()
    {
        var (userId, _) = await Host.RegisterAsync();
        using var anonymous = Host.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await ReportAsync(anonymous, "user", userId)).StatusCode);

        // Four requests, the fixture's hourly limit: every one refused for its content.
        using var client = Host.CreateClient((await Host.RegisterAsync()).Token);
        await ProblemAssert.IsProblem(await ReportAsync(client, "planet", userId), HttpStatusCode.BadRequest, "invalid_target_type");
        await ProblemAssert.IsProblem(await ReportAsync(client, "1", userId), HttpStatusCode.BadRequest, "invalid_target_type");
        await ProblemAssert.IsProblem(await ReportAsync(client, "user", userId, ""), HttpStatusCode.BadRequest, "invalid_reason");
        await ProblemAssert.IsProblem(await ReportAsync(client, "user", userId, "evil \u202Etext"), HttpStatusCode.BadRequest, "invalid_reason");

        using var second = Host.CreateClient((await Host.RegisterAsync()).Token);
        await ProblemAssert.IsProblem(await ReportAsync(second, "user", "nobody-" + Guid.NewGuid().ToString("N")), HttpStatusCode.NotFound, "unknown_target");
        await ProblemAssert.IsProblem(await ReportAsync(second, "comment", "not-a-comment"), HttpStatusCode.NotFound, "unknown_target");
        Assert.Equal(HttpStatusCode.Created, (await ReportAsync(second, "user", (await Host.RegisterAsync()).UserId)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await ReportAsync(second, "user", (await Host.RegisterAsync()).UserId)).StatusCode);

        // The limit counts every request of the reporter in the hour, refused ones too: the fifth is past it.
        foreach (var reporter in new[] { client, second })
        {
            var limited = await ReportAsync(reporter, "user", (await Host.RegisterAsync()).UserId);
            var problem = await ProblemAssert.IsProblem(limited, HttpStatusCode.TooManyRequests, "rate_limited");
            var retryAfter = limited.Headers.RetryAfter?.Delta ?? TimeSpan.Zero;
            Assert.InRange(retryAfter.TotalSeconds, 1, 3600);
            Assert.True(problem.GetProperty("retryAfterSeconds").GetInt32() >= 1);
        }
        // Another reporter is not affected.
        using var other = Host.CreateClient((await Host.RegisterAsync()).Token);
        Assert.Equal(HttpStatusCode.Created, (await ReportAsync(other, "user", userId)).StatusCode);
    }

    [Fact]
    public async Task Only_operators_reach_the_queue_and_an_operator_can_grant_the_role()
    {
        var (userId, token) = await Host.RegisterAsync();
        using var user = Host.CreateClient(token);
        Assert.False((await user.GetFromJsonAsync<JsonElement>("/api/operator/me")).GetProperty("isOperator").GetBoolean());
        await ProblemAssert.IsProblem(await user.GetAsync("/api/operator/reports"), HttpStatusCode.Forbidden, "operator_required");
        await ProblemAssert.IsProblem(await user.PostAsJsonAsync($"/api/operator/users/{userId}/ban", new { reason = "self" }),
            HttpStatusCode.Forbidden, "operator_required");
        Assert.Equal(HttpStatusCode.Unauthorized, (await Host.CreateClient().GetAsync("/api/operator/reports")).StatusCode);

        using var ops = Host.CreateClient(await OperatorTokenAsync());
        Assert.True((await ops.GetFromJsonAsync<JsonElement>("/api/operator/me")).GetProperty("isOperator").GetBoolean());
        Assert.Equal(HttpStatusCode.NoContent, (await ops.PutAsync($"/api/operator/operators/{userId}", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/api/operator/reports")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await ops.DeleteAsync($"/api/operator/operators/{userId}")).StatusCode);
        await ProblemAssert.IsProblem(await user.GetAsync("/api/operator/reports"), HttpStatusCode.Forbidden, "operator_required");
        await ProblemAssert.IsProblem(await ops.GetAsync("/api/operator/reports?status=weird"), HttpStatusCode.BadRequest, "invalid_status");
    }

    [Fact]
    public async Task A_report_leads_to_a_suspension_that_ends_the_hosts_live_cuts_their_sessions_and_refuses_login()
    {
        var username = "host" + Guid.NewGuid().ToString("N")[..10];
        var (hostId, hostToken) = await Host.RegisterAsync(username, Password);
        var room = await Host.OpenRoomAsync("Live that gets reported", hostToken: hostToken);
        var spare = await Host.OpenRoomAsync("Not yet live", start: false, hostToken: hostToken);
        Assert.NotEqual(HttpStatusCode.Unauthorized, (await WhipOfferAsync(spare)).StatusCode); // the key is good before

        var (_, viewerToken) = await Host.RegisterAsync();
        await using var viewer = await HubAsync(viewerToken);
        var ended = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        viewer.On<JsonElement>("roomEnded", e => ended.TrySetResult(e.GetProperty("reason").GetString()));
        await viewer.InvokeAsync<JsonElement>("JoinRoom", room.RoomId);
        await using var hostHub = await HubAsync(hostToken);
        var hostClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hostHub.Closed += _ => { hostClosed.TrySetResult(); return Task.CompletedTask; };

        using var reporter = Host.CreateClient(viewerToken);
        var reportId = (await JsonAsync(await ReportAsync(reporter, "room", room.RoomId, "violent stream"), HttpStatusCode.Created))
            .GetProperty("reportId").GetString();
        using var ops = Host.CreateClient(await OperatorTokenAsync());
        await ProblemAssert.IsProblem(await ops.PostAsJsonAsync($"/api/operator/reports/{reportId}/resolve", new { action = "suspend", reason = "violence" }),
            HttpStatusCode.BadRequest, "invalid_hours");
        var resolved = await JsonAsync(await ops.PostAsJsonAsync($"/api/operator/reports/{reportId}/resolve",
            new { action = "suspend", reason = "violence", hours = 24 }), HttpStatusCode.OK);
        Assert.Equal("actioned", resolved.GetProperty("status").GetString());

        // The live ended for everyone, the host's sessions are revoked (token refused, hub closed), the key of the other room too.
        // Viewers are told the platform removed it (it read "The host ended the live" before the reason existed).
        Assert.Equal("removed", await ended.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        using var anonymous = Host.CreateClient();
        var endedRoom = await anonymous.GetFromJsonAsync<JsonElement>($"/api/live/{room.RoomId}");
        Assert.Equal(("ended", "removed"), (endedRoom.GetProperty("status").GetString(), endedRoom.GetProperty("endedReason").GetString()));
        Assert.DoesNotContain((await anonymous.GetFromJsonAsync<JsonElement>("/api/live")).EnumerateArray(), r => r.GetProperty("roomId").GetString() == room.RoomId);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Host.CreateClient(hostToken).GetAsync("/api/me")).StatusCode);
        await hostClosed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await ProblemAssert.IsProblem(await WhipOfferAsync(spare), HttpStatusCode.Unauthorized, "invalid_stream_key");

        // Login: the right password learns of the suspension and its end; a wrong one learns nothing.
        var login = await anonymous.PostAsJsonAsync("/api/auth/login", new { username, password = Password });
        var problem = await ProblemAssert.IsProblem(login, HttpStatusCode.Forbidden, "account_suspended");
        Assert.True(problem.GetProperty("until").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddHours(23));
        await ProblemAssert.IsProblem(await anonymous.PostAsJsonAsync("/api/auth/login", new { username, password = "wrong password here" }),
            HttpStatusCode.Unauthorized, "invalid_credentials");
        var standing = await ops.GetFromJsonAsync<JsonElement>($"/api/operator/users/{hostId}/standing");
        Assert.Equal("suspended", standing.GetProperty("status").GetString());
        var audit = await ops.GetFromJsonAsync<JsonElement>("/api/operator/audit");
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("action").GetString() == "suspend"
            && e.GetProperty("targetId").GetString() == hostId && e.GetProperty("reportId").GetString() == reportId);

        // Lifted: the host signs in again and may publish with the key.
        Assert.Equal(HttpStatusCode.NoContent, (await ops.DeleteAsync($"/api/operator/users/{hostId}/restriction")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsJsonAsync("/api/auth/login", new { username, password = Password })).StatusCode);
        Assert.NotEqual(HttpStatusCode.Unauthorized, (await WhipOfferAsync(spare)).StatusCode);
    }

    [Fact]
    public async Task A_ban_refuses_login_until_lifted_and_bad_requests_are_problems()
    {
        var username = "ban" + Guid.NewGuid().ToString("N")[..10];
        var (userId, token) = await Host.RegisterAsync(username, Password);
        using var ops = Host.CreateClient(await OperatorTokenAsync());
        await ProblemAssert.IsProblem(await ops.PostAsJsonAsync($"/api/operator/users/{userId}/ban", new { reason = "" }), HttpStatusCode.BadRequest, "invalid_reason");
        await ProblemAssert.IsProblem(await ops.PostAsJsonAsync($"/api/operator/users/{userId}/suspension", new { reason = "x" }), HttpStatusCode.BadRequest, "invalid_hours");
        await ProblemAssert.IsProblem(await ops.PostAsJsonAsync("/api/operator/users/nobody/ban", new { reason = "x" }), HttpStatusCode.NotFound, "unknown_user");
        Assert.Equal(HttpStatusCode.OK, (await Host.CreateClient(token).GetAsync("/api/me")).StatusCode); // refusals changed nothing

        var banned = await JsonAsync(await ops.PostAsJsonAsync($"/api/operator/users/{userId}/ban", new { reason = "fraud" }), HttpStatusCode.OK);
        Assert.Equal("banned", banned.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await Host.CreateClient(token).GetAsync("/api/me")).StatusCode);
        using var anonymous = Host.CreateClient();
        await ProblemAssert.IsProblem(await anonymous.PostAsJsonAsync("/api/auth/login", new { username, password = Password }), HttpStatusCode.Forbidden, "account_banned");
        Assert.Equal(HttpStatusCode.NoContent, (await ops.DeleteAsync($"/api/operator/users/{userId}/restriction")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsJsonAsync("/api/auth/login", new { username, password = Password })).StatusCode);
    }

    [Fact]
    public async Task A_platform_wide_mute_refuses_the_accounts_comments_in_every_live_and_on_videos_and_keeps_its_session()
    {
        var username = "mute" + Guid.NewGuid().ToString("N")[..10];
        var (trollId, trollToken) = await Host.RegisterAsync(username, Password);
        var first = await Host.OpenRoomAsync("First live");
        var second = await Host.OpenRoomAsync("Second live");
        var (ownerId, _) = await Host.RegisterAsync();
        var videoId = "v" + Guid.NewGuid().ToString("N")[..16];
        var grains = Host.Services.GetRequiredService<IGrainFactory>();
        Assert.True(await grains.GetGrain<Stagecast.Contracts.Videos.IVideoGrain>(videoId)
            .Create(new Stagecast.Contracts.Videos.VideoUpload(ownerId, "Owner", "my dance #fun", 10_000, 720, 1280, true)));
        using var troll = Host.CreateClient(trollToken);
        Assert.Equal(HttpStatusCode.NoContent, (await troll.PostAsJsonAsync($"/api/videos/{videoId}/comments", new { text = "first!" })).StatusCode);

        var (_, reporterToken) = await Host.RegisterAsync();
        using var reporter = Host.CreateClient(reporterToken);
        var reportId = (await JsonAsync(await ReportAsync(reporter, "user", trollId, "spams every chat"), HttpStatusCode.Created))
            .GetProperty("reportId").GetString();
        using var ops = Host.CreateClient(await OperatorTokenAsync());
        await ProblemAssert.IsProblem(await ops.PostAsJsonAsync($"/api/operator/reports/{reportId}/resolve", new { action = "mute", reason = "spam" }),
            HttpStatusCode.BadRequest, "invalid_hours");
        var resolved = await JsonAsync(await ops.PostAsJsonAsync($"/api/operator/reports/{reportId}/resolve",
            new { action = "mute", reason = "spam", hours = 24 }), HttpStatusCode.OK);
        Assert.Equal("actioned", resolved.GetProperty("status").GetString());

        // Every live and every video refuse the comment with the mute's end; nothing reaches the room or the video.
        await using var hub = await HubAsync(trollToken);
        foreach (var room in new[] { first, second })
        {
            await hub.InvokeAsync<JsonElement>("JoinRoom", room.RoomId);
            var refused = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("SendComment", room.RoomId, "buy followers"));
            Assert.Contains("account_muted", refused.Message);
            Assert.Contains("muted this account until", refused.Message);
        }
        var problem = await ProblemAssert.IsProblem(await troll.PostAsJsonAsync($"/api/videos/{videoId}/comments", new { text = "buy followers" }),
            HttpStatusCode.Forbidden, "account_muted");
        Assert.True(problem.GetProperty("until").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddHours(23));
        Assert.DoesNotContain((await troll.GetFromJsonAsync<JsonElement>($"/api/videos/{videoId}/comments")).EnumerateArray(),
            c => c.GetProperty("text").GetString() == "buy followers");
        var snapshot = await hub.InvokeAsync<JsonElement>("JoinRoom", first.RoomId);
        Assert.DoesNotContain(snapshot.GetProperty("comments").EnumerateArray(), c => c.GetProperty("text").GetString() == "buy followers");

        // A mute is not a suspension: the session, the hub connection, likes and the standing's status stay.
        Assert.Equal(HttpStatusCode.OK, (await troll.GetAsync("/api/me")).StatusCode);
        await hub.InvokeAsync("Like", first.RoomId, 3);
        var standing = await ops.GetFromJsonAsync<JsonElement>($"/api/operator/users/{trollId}/standing");
        Assert.Equal("active", standing.GetProperty("status").GetString());
        Assert.Equal("spam", standing.GetProperty("muteReason").GetString());
        Assert.True(standing.GetProperty("mutedUntil").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddHours(23));
        Assert.Contains((await ops.GetFromJsonAsync<JsonElement>("/api/operator/audit")).EnumerateArray(), e => e.GetProperty("action").GetString() == "mute"
            && e.GetProperty("targetId").GetString() == trollId && e.GetProperty("reportId").GetString() == reportId);

        // A suspension lifted meanwhile leaves the mute in place.
        await JsonAsync(await ops.PostAsJsonAsync($"/api/operator/users/{trollId}/suspension", new { reason = "more spam", hours = 1 }), HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NoContent, (await ops.DeleteAsync($"/api/operator/users/{trollId}/restriction")).StatusCode);
        var login = await Host.CreateClient().PostAsJsonAsync("/api/auth/login", new { username, password = Password });
        var token = (await JsonAsync(login, HttpStatusCode.OK)).GetProperty("token").GetString()!;
        using var again = Host.CreateClient(token);
        await ProblemAssert.IsProblem(await again.PostAsJsonAsync($"/api/videos/{videoId}/comments", new { text = "still here" }),
            HttpStatusCode.Forbidden, "account_muted");

        // Lifted: the account comments again at once, and the audit log says who lifted it.
        Assert.Equal(HttpStatusCode.NoContent, (await ops.DeleteAsync($"/api/operator/users/{trollId}/mute")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await again.PostAsJsonAsync($"/api/videos/{videoId}/comments", new { text = "sorry" })).StatusCode);
        var liftedStanding = await ops.GetFromJsonAsync<JsonElement>($"/api/operator/users/{trollId}/standing");
        Assert.True(!liftedStanding.TryGetProperty("mutedUntil", out var lifted) || lifted.ValueKind == JsonValueKind.Null);
        Assert.Contains((await ops.GetFromJsonAsync<JsonElement>("/api/operator/audit")).EnumerateArray(),
            e => e.GetProperty("action").GetString() == "unmute" && e.GetProperty("targetId").GetString() == trollId);
    }

    [Fact]
    public async Task A_mute_runs_out_by_itself_and_bad_mute_requests_are_problems()
    {
        var (userId, token) = await Host.RegisterAsync();
        var room = await Host.OpenRoomAsync("Short mute");
        using var ops = Host.CreateClient(await OperatorTokenAsync());
        await ProblemAssert.IsProblem(await ops.PostAsJsonAsync($"/api/operator/users/{userId}/mute", new { reason = "spam" }), HttpStatusCode.BadRequest, "invalid_hours");
        await ProblemAssert.IsProblem(await ops.PostAsJsonAsync($"/api/operator/users/{userId}/mute", new { reason = "spam", hours = 9000 }),
            HttpStatusCode.BadRequest, "invalid_hours");
        await ProblemAssert.IsProblem(await ops.PostAsJsonAsync($"/api/operator/users/{userId}/mute", new { reason = " ", hours = 1 }),
            HttpStatusCode.BadRequest, "invalid_reason");
        await ProblemAssert.IsProblem(await ops.PostAsJsonAsync("/api/operator/users/nobody/mute", new { reason = "spam", hours = 1 }),
            HttpStatusCode.NotFound, "unknown_user");
        using var user = Host.CreateClient(token);
        await ProblemAssert.IsProblem(await user.PostAsJsonAsync($"/api/operator/users/{userId}/mute", new { reason = "self", hours = 1 }),
            HttpStatusCode.Forbidden, "operator_required");

        // The refusals muted nobody: the first comment goes through.
        await CommentAsync(token, room.RoomId, "before the mute");
        // A mute of two seconds (set on the grain: the API's shortest is a minute) refuses, then runs out with no one acting.
        var standing = Host.Services.GetRequiredService<IGrainFactory>().GetGrain<Stagecast.Contracts.Moderation.IAccountStandingGrain>(userId);
        await standing.Mute(DateTimeOffset.UtcNow.AddSeconds(2), "cool down");
        await using (var hub = await HubAsync(token))
        {
            await hub.InvokeAsync<JsonElement>("JoinRoom", room.RoomId);
            var refused = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("SendComment", room.RoomId, "during the mute"));
            Assert.Contains("account_muted", refused.Message);
        }
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        await CommentAsync(token, room.RoomId, "after the mute");
        Assert.False((await standing.Get()).IsMuted);
    }

    /// <summary>A WHIP offer with the room's key: refused with 401 when the key (or its host) is not allowed to publish.</summary>
    private async Task<HttpResponseMessage> WhipOfferAsync(OpenedRoom room)
    {
        using var client = Host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, room.WhipUrl)
        {
            Content = new StringContent("v=0\r\n", Encoding.UTF8, "application/sdp"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", room.StreamKey);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task A_reported_video_comment_is_filed_with_its_neighbours_and_the_operator_deletes_it()
    {
        var (ownerId, _) = await Host.RegisterAsync();
        var videoId = "v" + Guid.NewGuid().ToString("N")[..16];
        // A video as an upload makes it (processing is not this test's subject).
        var grains = Host.Services.GetRequiredService<IGrainFactory>();
        Assert.True(await grains.GetGrain<Stagecast.Contracts.Videos.IVideoGrain>(videoId)
            .Create(new Stagecast.Contracts.Videos.VideoUpload(ownerId, "Owner", "my dance #fun", 10_000, 720, 1280, true)));
        var (trollId, trollToken) = await Host.RegisterAsync();
        var (_, fanToken) = await Host.RegisterAsync();
        using var fan = Host.CreateClient(fanToken);
        using var troll = Host.CreateClient(trollToken);
        Assert.Equal(HttpStatusCode.NoContent, (await fan.PostAsJsonAsync($"/api/videos/{videoId}/comments", new { text = "love it" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await troll.PostAsJsonAsync($"/api/videos/{videoId}/comments", new { text = "worst dance ever, quit" })).StatusCode);
        var comments = await fan.GetFromJsonAsync<JsonElement>($"/api/videos/{videoId}/comments");
        var rude = comments.EnumerateArray().Single(c => c.GetProperty("userId").GetString() == trollId).GetProperty("commentId").GetInt64();

        var filed = await JsonAsync(await ReportAsync(fan, "video_comment", $"{videoId}:{rude}", "bullying"), HttpStatusCode.Created);
        await ProblemAssert.IsProblem(await ReportAsync(fan, "video_comment", $"{videoId}:999999"), HttpStatusCode.NotFound, "unknown_target");
        using var ops = Host.CreateClient(await OperatorTokenAsync());
        var reportId = filed.GetProperty("reportId").GetString();
        var report = await ops.GetFromJsonAsync<JsonElement>($"/api/operator/reports/{reportId}");
        Assert.Equal("video_comment", report.GetProperty("targetType").GetString());
        Assert.Equal(trollId, report.GetProperty("targetUserId").GetString());
        Assert.Contains(report.GetProperty("context").GetProperty("neighbours").EnumerateArray(), l => l.GetProperty("text").GetString() == "love it");

        await JsonAsync(await ops.PostAsJsonAsync($"/api/operator/reports/{reportId}/resolve", new { action = "delete_content", reason = "bullying" }),
            HttpStatusCode.OK);
        var after = await fan.GetFromJsonAsync<JsonElement>($"/api/videos/{videoId}/comments");
        Assert.DoesNotContain(after.EnumerateArray(), c => c.GetProperty("commentId").GetInt64() == rude);
        Assert.Contains(after.EnumerateArray(), c => c.GetProperty("text").GetString() == "love it");
    }
}

using System.Security.Claims;
using System.Security.Cryptography;
using Stagecast.Contracts.Accounts;
using Stagecast.Contracts.Rooms;
using Stagecast.Contracts.Text;
using Stagecast.Gateway.Accounts;
using Stagecast.Gateway.Problems;
using Stagecast.Gateway.Rooms.Payloads;

namespace Stagecast.Gateway.Rooms;

/// <summary>/api/live: opening, listing, starting and ending rooms, and the stream key.</summary>
public static class LiveEndpoints
{
    public const int MaxTitleLength = 100;

    public static IEndpointRouteBuilder MapLiveEndpoints(this IEndpointRouteBuilder app)
    {
        var live = app.MapGroup("/api/live").WithTags("Live rooms");
        live.MapPost("", Open).RequireAuthorization()
            .WithSummary("Opens a room for the caller (status created); returns its WHIP URL, stream key and HLS URL.")
            .Produces<OpenRoomResponse>(201).ProducesProblem(400).ProducesProblem(401);
        live.MapGet("", List).WithSummary("Rooms now live, most viewers first.").Produces<IReadOnlyList<LiveRoomListItem>>();
        live.MapGet("/{roomId}", Get).WithSummary("A room: status, viewers, likes and top gifters.").Produces<RoomResponse>().ProducesProblem(404);
        live.MapDelete("/{roomId}", End).RequireAuthorization()
            .WithSummary("Ends the room (host or moderator); viewers get roomEnded.")
            .Produces(204).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        live.MapPost("/{roomId}/start", Start).RequireAuthorization()
            .WithSummary("The host takes a created room live without media (media start does the same).")
            .Produces(204).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        live.MapPost("/{roomId}/stream-key", RotateKey).RequireAuthorization()
            .WithSummary("The host replaces the stream key; the old one stops working, and a publisher still using it is cut off within seconds.")
            .Produces<StreamKeyResponse>().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        return app;
    }

    private static async Task<IResult> Open(OpenRoomRequest request, ClaimsPrincipal user, HttpContext http, IGrainFactory grains)
    {
        var title = request.Title?.Trim() ?? "";
        if (title.Length is 0 or > MaxTitleLength || TextHygiene.Problem(title) is not null)
        {
            return Problem.BadRequest("invalid_title",
                $"title must be 1 to {MaxTitleLength} characters with a visible one, and no control or bidirectional control characters.");
        }
        var userId = user.UserId()!;
        var profile = await grains.GetGrain<IUserGrain>(userId).GetProfile();
        if (profile is null)
        {
            return Problem.Unauthorized("unknown_user", "The token's user no longer exists.");
        }
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var roomId = NewRoomId();
            if (await grains.GetGrain<ILiveRoomGrain>(roomId).Open(userId, profile.DisplayName, title) is { } key)
            {
                await grains.GetGrain<Stagecast.Contracts.Privacy.IAccountPrivacyGrain>(userId).NoteRoom(roomId);
                var origin = $"{http.Request.Scheme}://{http.Request.Host}";
                var rtmp = http.RequestServices.GetService<Stagecast.Gateway.Media.RtmpIngest>();
                return Results.Created($"/api/live/{roomId}", new OpenRoomResponse(
                    roomId, $"{origin}/api/live/{roomId}/whip", key, $"{origin}/hls/{roomId}/index.m3u8", rtmp?.PublicUrl(http.Request.Host.Host),
                    $"{origin}/api/live/{roomId}/whep", rtmp?.PublicTlsUrl(http.Request.Host.Host)));
            }
        }
        return Problem.Conflict("room_id_taken", "Could not allocate a room id; try again.");
    }

    /// <summary>Signed in, the rooms of users blocked either way are left out.</summary>
    private static async Task<IResult> List(IGrainFactory grains, ClaimsPrincipal user)
    {
        var hidden = user.UserId() is { } me ? (await grains.GetGrain<IBlockListGrain>(me).Hidden()).ToHashSet(StringComparer.Ordinal) : [];
        return Results.Ok((await grains.GetGrain<IRoomDirectoryGrain>("live").List()).Where(r => !hidden.Contains(r.HostId))
            .Select(r => new LiveRoomListItem(r.RoomId, r.Title, r.HostId, r.HostDisplayName, r.StartedAt, r.Viewers,
                PayloadMapper.StatusName(r))).ToList());
    }

    private static async Task<IResult> Get(string roomId, IGrainFactory grains)
    {
        if (!RoomErrors.IsRoomId(roomId) || await grains.GetGrain<ILiveRoomGrain>(roomId).GetInfo() is not { } info)
        {
            return RoomErrors.Http(RoomResult.UnknownRoom);
        }
        return Results.Ok(new RoomResponse(
            info.RoomId, info.Title, info.HostId, info.HostDisplayName, PayloadMapper.StatusName(info), info.Viewers,
            info.Likes, info.TopGifters.Select(g => new TopGifterResponse(g.UserId, g.DisplayName, g.Coins)).ToList(),
            info.CreatedAt, info.StartedAt, info.EndedAt, PayloadMapper.EndReasonName(info.EndReason)));
    }

    private static Task<IResult> End(string roomId, ClaimsPrincipal user, RoomCommands commands) =>
        Command(roomId, g => g.End(user.UserId()!), commands);

    private static Task<IResult> Start(string roomId, ClaimsPrincipal user, RoomCommands commands) =>
        Command(roomId, g => g.GoLive(user.UserId()!), commands);

    private static async Task<IResult> RotateKey(string roomId, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!RoomErrors.IsRoomId(roomId))
        {
            return RoomErrors.Http(RoomResult.UnknownRoom);
        }
        var rotation = await grains.GetGrain<ILiveRoomGrain>(roomId).RotateStreamKey(user.UserId()!);
        return rotation.Result == RoomResult.Ok ? Results.Ok(new StreamKeyResponse(rotation.StreamKey!)) : RoomErrors.Http(rotation.Result);
    }

    /// <summary>Runs a room command and answers 204, or the problem for its refusal.</summary>
    internal static async Task<IResult> Command(string roomId, Func<ILiveRoomGrain, Task<RoomResult>> command, RoomCommands commands)
    {
        if (!RoomErrors.IsRoomId(roomId))
        {
            return RoomErrors.Http(RoomResult.UnknownRoom);
        }
        var result = await commands.RunAsync(roomId, command);
        return result == RoomResult.Ok ? Results.NoContent() : RoomErrors.Http(result);
    }

    private static string NewRoomId() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(9)).Replace('+', '-').Replace('/', '_');
}

using System.Security.Claims;
using Stagecast.Contracts.Accounts;
using Stagecast.Gateway.Gifts;
using Stagecast.Gateway.Problems;
using Stagecast.Gateway.Rooms;

namespace Stagecast.Gateway.Accounts;

/// <summary>One entry of the caller's block list, with the blocked user's names for the account page.</summary>
public sealed record BlockedUserResponse(string UserId, string? Username, string? DisplayName, DateTimeOffset BlockedAt);

/// <summary>POST/DELETE /api/me/blocks/{userId}, GET /api/me/blocks: the caller's block list.</summary>
public static class BlockEndpoints
{
    public static IEndpointRouteBuilder MapBlockEndpoints(this IEndpointRouteBuilder app)
    {
        var blocks = app.MapGroup("/api/me/blocks").WithTags("Accounts").RequireAuthorization();
        blocks.MapGet("", List).WithSummary("The users the caller blocked, newest first.").Produces<IReadOnlyList<BlockedUserResponse>>();
        blocks.MapPost("/{userId}", Block)
            .WithSummary("Blocks a user: they cannot comment or gift in the caller's rooms, their comments are not sent to the caller, "
                + "neither sees the other's lives or videos in the feed and live list, and follows between them end. Idempotent.")
            .Produces(204).ProducesProblem(400).ProducesProblem(404);
        blocks.MapDelete("/{userId}", Unblock).WithSummary("Lifts a block. Idempotent.").Produces(204);
        return app;
    }

    private static async Task<IResult> List(ClaimsPrincipal user, IGrainFactory grains)
    {
        var entries = await grains.GetGrain<IBlockListGrain>(user.UserId()!).Blocked();
        var profiles = await Task.WhenAll(entries.Select(e => grains.GetGrain<IUserGrain>(e.UserId).GetProfile()));
        return Results.Ok(entries.Select((e, i) => new BlockedUserResponse(e.UserId, profiles[i]?.Username, profiles[i]?.DisplayName, e.At)).ToList());
    }

    private static async Task<IResult> Block(string userId, ClaimsPrincipal user, IGrainFactory grains, ViewerBlocks viewers, RoomChanges changes)
    {
        var me = user.UserId()!;
        if (userId == me)
        {
            return Problem.BadRequest("cannot_block_self", "You cannot block yourself.");
        }
        if (await grains.GetGrain<IUserGrain>(userId).GetProfile() is null)
        {
            return Problem.NotFound("unknown_user", "There is no such user.");
        }
        var list = grains.GetGrain<IBlockListGrain>(me);
        try
        {
            await list.Block(userId);
        }
        catch (InvalidOperationException)
        {
            return Problem.Conflict("too_many_blocks", "Your block list is full; unblock someone first.");
        }
        await RefreshAsync(me, list, viewers, changes);
        return Results.NoContent();
    }

    private static async Task<IResult> Unblock(string userId, ClaimsPrincipal user, IGrainFactory grains, ViewerBlocks viewers, RoomChanges changes)
    {
        var list = grains.GetGrain<IBlockListGrain>(user.UserId()!);
        await list.Unblock(userId);
        await RefreshAsync(user.UserId()!, list, viewers, changes);
        return Results.NoContent();
    }

    /// <summary>This gateway's rooms filter by the new list at once, and its gift gate re-reads the rooms (the host's blocks changed).</summary>
    private static async Task RefreshAsync(string me, IBlockListGrain list, ViewerBlocks viewers, RoomChanges changes)
    {
        viewers.Update(me, (await list.Blocked()).Select(b => b.UserId));
        changes.Changed();
    }
}

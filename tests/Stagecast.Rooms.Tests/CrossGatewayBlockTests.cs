using System.Net;
using Orleans.Core.Internal;
using Stagecast.Contracts.Accounts;

namespace Stagecast.Rooms.Tests;

/// <summary>
/// Issue 14, blocking across gateways: a viewer watching through gateway B blocks a commenter through gateway A; B's
/// comment filter holds the commenter's next comment back at once (before, only after the viewer joined again).
/// </summary>
[Collection(RoomsCollection.Name)]
public sealed class CrossGatewayBlockTests(RoomsCluster cluster)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_block_made_through_one_gateway_holds_comments_back_at_once_on_another(bool messagePack)
    {
        var (roomId, _, _, _) = await cluster.OpenRoomAsync();
        var (_, viewerToken) = await cluster.A.RegisterAsync();
        var (trollId, trollToken) = await cluster.A.RegisterAsync();
        var (_, otherToken) = await cluster.A.RegisterAsync();
        await using var viewer = await LiveClient.ConnectAsync(cluster.B, viewerToken, messagePack);
        await viewer.JoinAsync(roomId);
        await using var troll = await LiveClient.ConnectAsync(cluster.A, trollToken);
        await troll.JoinAsync(roomId);
        await using var other = await LiveClient.ConnectAsync(cluster.A, otherToken);
        await other.JoinAsync(roomId);
        await troll.CommentAsync(roomId, "before the block");
        await Eventually.TrueAsync(() => viewer.Comments.Any(c => c.Text == "before the block"), "comment before the block");

        using var api = cluster.A.CreateClient(viewerToken);
        Assert.Equal(HttpStatusCode.NoContent, (await api.PostAsync($"/api/me/blocks/{trollId}", null)).StatusCode);
        await troll.CommentAsync(roomId, "after the block");
        // Comments reach viewers in the room's order: once the later one is here, the blocked one was held back.
        await other.CommentAsync(roomId, "someone else");
        await Eventually.TrueAsync(() => viewer.Comments.Any(c => c.Text == "someone else"), "the later comment");
        Assert.DoesNotContain(viewer.Comments, c => c.Text == "after the block");

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/me/blocks/{trollId}")).StatusCode);
        await troll.CommentAsync(roomId, "after the unblock");
        await Eventually.TrueAsync(() => viewer.Comments.Any(c => c.Text == "after the unblock"), "comment after the unblock");
    }

    /// <summary>
    /// The rooms a viewer watches are stored with their block list: after the viewer's block-list grain is deactivated
    /// (as when its silo dies), a block made through gateway A still reaches gateway B's filter at once. Before, the
    /// list lived in the grain's memory and the new activation told no room.
    /// </summary>
    [Fact]
    public async Task A_block_after_the_viewers_block_list_grain_was_deactivated_still_reaches_the_other_gateway()
    {
        var (roomId, _, _, _) = await cluster.OpenRoomAsync();
        var (viewerId, viewerToken) = await cluster.A.RegisterAsync();
        var (trollId, trollToken) = await cluster.A.RegisterAsync();
        var (_, otherToken) = await cluster.A.RegisterAsync();
        await using var viewer = await LiveClient.ConnectAsync(cluster.B, viewerToken);
        await viewer.JoinAsync(roomId);
        await using var troll = await LiveClient.ConnectAsync(cluster.A, trollToken);
        await troll.JoinAsync(roomId);
        await using var other = await LiveClient.ConnectAsync(cluster.A, otherToken);
        await other.JoinAsync(roomId);
        await troll.CommentAsync(roomId, "before the deactivation");
        await Eventually.TrueAsync(() => viewer.Comments.Any(c => c.Text == "before the deactivation"), "comment before the deactivation");

        var list = cluster.Grains.GetGrain<IBlockListGrain>(viewerId);
        await list.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        // A call after DeactivateOnIdle waits for the deactivation and is served by a new activation.
        await list.Hidden();

        using var api = cluster.A.CreateClient(viewerToken);
        Assert.Equal(HttpStatusCode.NoContent, (await api.PostAsync($"/api/me/blocks/{trollId}", null)).StatusCode);
        await troll.CommentAsync(roomId, "after the block");
        await other.CommentAsync(roomId, "someone else");
        await Eventually.TrueAsync(() => viewer.Comments.Any(c => c.Text == "someone else"), "the later comment");
        Assert.DoesNotContain(viewer.Comments, c => c.Text == "after the block");
    }
}

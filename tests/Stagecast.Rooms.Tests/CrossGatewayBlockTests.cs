using System.Net;

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
}

using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Stagecast.Gateway.Rooms.Payloads;
using Stagecast.TestInfrastructure;

namespace Stagecast.Rooms.Tests;

/// <summary>A real SignalR client of /hubs/live over WebSockets that records every event it receives.</summary>
public sealed class LiveClient : IAsyncDisposable
{
    private LiveClient(HubConnection connection) => Connection = connection;

    public HubConnection Connection { get; }

    public ConcurrentQueue<CommentPayload> Comments { get; } = new();
    public ConcurrentQueue<GiftPayload> Gifts { get; } = new();
    public ConcurrentQueue<ViewersPayload> Viewers { get; } = new();
    public ConcurrentQueue<LikesPayload> Likes { get; } = new();
    public ConcurrentQueue<LeaderboardPayload> Leaderboards { get; } = new();
    public ConcurrentQueue<RoomEndedPayload> Ended { get; } = new();
    public ConcurrentQueue<CommentDeletedPayload> Deleted { get; } = new();
    public ConcurrentQueue<ModerationPayload> Moderation { get; } = new();
    public ConcurrentQueue<BatchPayload> Batches { get; } = new();

    public static Task<LiveClient> ConnectAsync(GatewayHost gateway, string? token, bool messagePack = false) =>
        ConnectAsync(gateway.BaseAddress, token, messagePack);

    public static async Task<LiveClient> ConnectAsync(Uri gateway, string? token, bool messagePack = false)
    {
        var builder = new HubConnectionBuilder().WithUrl(new Uri(gateway, "/hubs/live"), o =>
        {
            o.Transports = HttpTransportType.WebSockets;
            o.SkipNegotiation = true;
            if (token is not null)
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            }
        });
        if (messagePack)
        {
            builder.AddMessagePackProtocol();
        }
        var client = new LiveClient(builder.Build());
        var c = client.Connection;
        c.On<CommentPayload>("comment", client.Comments.Enqueue);
        c.On<GiftPayload>("gift", client.Gifts.Enqueue);
        c.On<ViewersPayload>("viewers", client.Viewers.Enqueue);
        c.On<LikesPayload>("likes", client.Likes.Enqueue);
        c.On<LeaderboardPayload>("leaderboard", client.Leaderboards.Enqueue);
        c.On<RoomEndedPayload>("roomEnded", client.Ended.Enqueue);
        c.On<CommentDeletedPayload>("commentDeleted", client.Deleted.Enqueue);
        c.On<ModerationPayload>("moderation", client.Moderation.Enqueue);
        c.On<BatchPayload>("batch", client.Batches.Enqueue);
        await c.StartAsync();
        return client;
    }

    public Task<RoomSnapshotPayload> JoinAsync(string roomId) => Connection.InvokeAsync<RoomSnapshotPayload>("JoinRoom", roomId);

    public Task CommentAsync(string roomId, string text) => Connection.InvokeAsync("SendComment", roomId, text);

    /// <summary>The error code of a hub call that must fail ("code: detail" on the wire).</summary>
    public static async Task<string> ErrorCodeAsync(Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<HubException>(call);
        var message = error.Message;
        // The client prefixes "An unexpected error occurred invoking 'X' on the server. HubException: ".
        var start = message.LastIndexOf("HubException: ", StringComparison.Ordinal);
        var body = start >= 0 ? message[(start + "HubException: ".Length)..] : message;
        return body[..body.IndexOf(':')];
    }

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}

using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.SignalR.Client;
using Stagecast.Contracts.Rooms;
using Stagecast.Gateway.Rooms.Payloads;
using Stagecast.TestInfrastructure;

namespace Stagecast.Rooms.Tests;

/// <summary>
/// A batched viewer that stops reading (a phone in a tunnel, a stuck tab, a hostile client) must neither stall the
/// room for everyone else on its gateway nor pile up memory: it misses batches, then is disconnected.
/// </summary>
[Collection(RoomsCollection.Name)]
public sealed class SlowViewerTests(RoomsCluster cluster)
{
    [Fact]
    public async Task A_viewer_that_stops_reading_is_disconnected_and_the_others_keep_getting_every_comment()
    {
        var settings = cluster.GatewaySettings();
        settings["Stagecast:Rooms:SlowViewerTimeoutSeconds"] = "2";
        settings["Stagecast:Rooms:ConnectionBufferBytes"] = "4096";
        // Without a cap, loopback's autotuned kernel buffer alone would hold the whole flood.
        settings["Stagecast:Rooms:SocketSendBufferBytes"] = "16384";
        await using var gateway = await GatewayHost.StartAsync(settings);
        var (roomId, _, _, _) = await cluster.OpenRoomAsync();

        await using var reader = await LiveClient.ConnectAsync(gateway, null);
        await reader.Connection.InvokeAsync<RoomSnapshotPayload>("JoinRoomBatched", roomId);
        using var stalled = await StalledViewer.JoinAsync(gateway.BaseAddress, roomId);

        // About 100 KB a second of comments for 8 s: far more than the stalled connection's buffers hold.
        var grain = cluster.Grains.GetGrain<ILiveRoomGrain>(roomId);
        var text = new string('x', 280);
        var sent = 0;
        var flood = System.Diagnostics.Stopwatch.StartNew();
        while (flood.Elapsed < TimeSpan.FromSeconds(8))
        {
            var round = Enumerable.Range(sent, 25)
                .Select(n => grain.Comment($"flood{n % 1000}", "Flood", $"{n} {text}"));
            Assert.All(await Task.WhenAll(round), r => Assert.Equal(RoomResult.Ok, r));
            sent += 25;
            await Task.Delay(100);
        }
        // That the reading viewer does not wait for the stalled one is A_stalled_viewer_that_is_never_dropped_does_not_hold_back_the_others.
        int Received() => reader.Batches.SelectMany(b => b.Comments).Select(c => c.Text).Distinct().Count();
        Assert.Equal(RoomResult.Ok, await grain.Comment("closer", "Closer", "the last comment"));

        await Eventually.TrueAsync(() => reader.Batches.Any(b => b.Comments.Any(c => c.Text == "the last comment")),
            "the reading viewer gets the last comment", timeoutSeconds: 30);
        Assert.Equal(sent + 1, Received());

        // The stalled viewer's connection is closed by the server: draining it ends, before the last comment.
        var (closed, rest) = await stalled.DrainAsync(TimeSpan.FromSeconds(20));
        Assert.True(closed, $"the server closed the stalled connection (read {rest.Length} characters after the flood)");
        Assert.DoesNotContain("the last comment", rest, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stalled_viewer_that_is_never_dropped_does_not_hold_back_the_others()
    {
        // The stalled viewer's timeout is longer than the test: whatever the reader receives, it receives while the
        // stalled connection is still open with full buffers. No clock is involved in the assertion.
        var settings = cluster.GatewaySettings();
        settings["Stagecast:Rooms:SlowViewerTimeoutSeconds"] = "3600";
        settings["Stagecast:Rooms:ConnectionBufferBytes"] = "4096";
        settings["Stagecast:Rooms:SocketSendBufferBytes"] = "16384";
        await using var gateway = await GatewayHost.StartAsync(settings);
        var (roomId, _, _, _) = await cluster.OpenRoomAsync();

        await using var reader = await LiveClient.ConnectAsync(gateway, null);
        await reader.Connection.InvokeAsync<RoomSnapshotPayload>("JoinRoomBatched", roomId);
        using var stalled = await StalledViewer.JoinAsync(gateway.BaseAddress, roomId);

        // About 300 KB of comments, many times what the stalled connection's buffers hold, sent in rounds: each round
        // once the reader has every comment so far (the reader's own pace, no timing).
        var grain = cluster.Grains.GetGrain<ILiveRoomGrain>(roomId);
        var text = new string('x', 280);
        const int Comments = 1000, Round = 100;
        int Received() => reader.Batches.SelectMany(b => b.Comments).Select(c => c.Text).Distinct().Count();
        for (var sent = 0; sent < Comments; sent += Round)
        {
            var round = Enumerable.Range(sent, Round).Select(n => grain.Comment($"flood{n}", "Flood", $"{n} {text}"));
            Assert.All(await Task.WhenAll(round), r => Assert.Equal(RoomResult.Ok, r));
            var expected = sent + Round;
            await Eventually.TrueAsync(() => Received() >= expected, $"the reader has the first {expected} comments", timeoutSeconds: 60);
        }
        Assert.Equal(Comments, Received()); // every comment, while the stalled viewer is still connected
    }

    /// <summary>A raw WebSocket SignalR client (JSON protocol) with a tiny receive buffer that stops reading once joined.</summary>
    private sealed class StalledViewer(Socket socket) : IDisposable
    {
        public static async Task<StalledViewer> JoinAsync(Uri gateway, string roomId)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 1024 };
            await socket.ConnectAsync(IPAddress.Loopback, gateway.Port);
            var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            await socket.SendAsync(Encoding.ASCII.GetBytes(
                $"GET /hubs/live HTTP/1.1\r\nHost: {gateway.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
                $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"));
            var response = await ReadUntilAsync(socket, "\r\n\r\n");
            Assert.StartsWith("HTTP/1.1 101", response, StringComparison.Ordinal);
            await socket.SendAsync(Frame("{\"protocol\":\"json\",\"version\":1}\u001e"));
            await socket.SendAsync(Frame($"{{\"type\":1,\"invocationId\":\"1\",\"target\":\"JoinRoomBatched\",\"arguments\":[\"{roomId}\"]}}\u001e"));
            var joined = await ReadUntilAsync(socket, "\"invocationId\":\"1\"");
            Assert.DoesNotContain("\"error\"", joined, StringComparison.Ordinal);
            return new StalledViewer(socket);
        }

        /// <summary>Reads what is left; true when the server closed or reset the connection within <paramref name="limit"/>.</summary>
        public async Task<(bool Closed, string Remainder)> DrainAsync(TimeSpan limit)
        {
            var rest = new StringBuilder();
            var buffer = new byte[65536];
            using var timeout = new CancellationTokenSource(limit);
            try
            {
                while (true)
                {
                    var got = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                    if (got == 0)
                    {
                        return (true, rest.ToString());
                    }
                    rest.Append(Encoding.UTF8.GetString(buffer, 0, got));
                }
            }
            catch (SocketException)
            {
                return (true, rest.ToString());
            }
            catch (OperationCanceledException)
            {
                return (false, rest.ToString());
            }
        }

        public void Dispose() => socket.Dispose();

        private static async Task<string> ReadUntilAsync(Socket socket, string marker)
        {
            var text = new StringBuilder();
            var buffer = new byte[4096];
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            while (!text.ToString().Contains(marker, StringComparison.Ordinal))
            {
                var got = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                Assert.NotEqual(0, got);
                text.Append(Encoding.UTF8.GetString(buffer, 0, got));
            }
            return text.ToString();
        }

        /// <summary>A masked client text frame (RFC 6455 section 5.2).</summary>
        private static byte[] Frame(string text)
        {
            var payload = Encoding.UTF8.GetBytes(text);
            Assert.True(payload.Length < 126);
            var mask = RandomNumberGenerator.GetBytes(4);
            var frame = new byte[6 + payload.Length];
            frame[0] = 0x81;
            frame[1] = (byte)(0x80 | payload.Length);
            mask.CopyTo(frame, 2);
            for (var i = 0; i < payload.Length; i++)
            {
                frame[6 + i] = (byte)(payload[i] ^ mask[i & 3]);
            }
            return frame;
        }
    }
}

using System.Buffers.Binary;
using System.Collections.Concurrent;
using Stagecast.Media.Whip;

namespace Stagecast.Ingest.Tests.Loopback;

/// <summary>
/// A room's WHEP fan-out over real UDP on loopback, with the room split into shards of two viewers (so seven viewers
/// are sent to by four threads at once): every viewer still gets every packet once, in order, with its own SSRC,
/// starting at a keyframe.
/// </summary>
public sealed class WhepFanoutTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    [Fact]
    public void ALargeRoomFannedOutInShards_GivesEveryViewerEveryPacketOnceAndInOrder()
    {
        using var server = new IngestServer(new IngestOptions { UdpPort = 0, WhepShardSize = 2 }, new RecordingOutputFactory());
        server.Start();
        var (publisher, _) = LoopbackIngestTests.Connect(server, "sharded");
        using var _p = publisher;
        var received = new List<ConcurrentQueue<(ushort Seq, uint Ssrc, uint Timestamp)>>();
        var viewers = new List<WhipTestClient>();
        for (int i = 0; i < 7; i++)
        {
            var viewer = new WhipTestClient();
            var created = server.CreateViewer("sharded", viewer.CreateOffer(audio: false, direction: "recvonly"));
            Assert.True(created.Succeeded, created.Reason);
            viewer.ApplyAnswer(created.AnswerSdp!);
            Assert.True(viewer.CheckConnectivity(Guard), "ICE check got no valid response");
            viewer.Handshake();
            var queue = new ConcurrentQueue<(ushort, uint, uint)>();
            viewer.MediaReceived = packet => queue.Enqueue((BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(2)),
                BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(8)), BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(4))));
            received.Add(queue);
            viewers.Add(viewer);
        }
        var relay = server.RelayOf("sharded")!;
        Assert.Equal(7, relay.Viewers.Count);
        var deadline = DateTime.UtcNow + Guard;
        while (relay.Viewers.Any(v => !v.Connected) && DateTime.UtcNow < deadline) Thread.Sleep(20);
        Assert.All(relay.Viewers, v => Assert.True(v.Connected, "a viewer's DTLS did not finish"));

        // Two GOPs: the first frame is a keyframe, so every viewer starts at once and gets every packet after it.
        var units = H264TestSource.AccessUnits(320, 240, 40, gop: 20);
        int sent = units.Sum(u => H264TestSource.Packetize(u, 103, 0, 0, 0).Count);
        LoopbackIngestTests.SendClip(publisher, units, ssrc: 0x5555);

        deadline = DateTime.UtcNow + Guard;
        while (received.Any(q => q.Count < sent) && DateTime.UtcNow < deadline) Thread.Sleep(20);
        var ssrcs = new HashSet<uint>();
        foreach (var queue in received)
        {
            var packets = queue.ToList();
            Assert.Equal(sent, packets.Count);
            // In order, no gap, no duplicate, one SSRC of the viewer's own, the publisher's timestamps.
            for (int k = 1; k < packets.Count; k++)
            {
                Assert.Equal((ushort)(packets[k - 1].Seq + 1), packets[k].Seq);
                Assert.True(packets[k].Timestamp >= packets[k - 1].Timestamp);
            }
            Assert.Single(packets.Select(p => p.Ssrc).Distinct());
            Assert.NotEqual(0x5555u, packets[0].Ssrc);
            Assert.Equal(12345u, packets[0].Timestamp);
            ssrcs.Add(packets[0].Ssrc);
        }
        Assert.Equal(7, ssrcs.Count);
        foreach (var viewer in viewers) viewer.Dispose();
    }
}

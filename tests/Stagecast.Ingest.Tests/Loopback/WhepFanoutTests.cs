using System.Buffers.Binary;
using System.Collections.Concurrent;
using Stagecast.Media.Whep;
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
            var (viewer, queue) = ConnectViewer(server, "sharded");
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

    /// <summary>
    /// A viewer's NACK is answered with the old packet, and the sender reports after it still map the wall clock to the
    /// newest timestamp sent: a resent packet's old timestamp once became the track's latest, so the next report put the
    /// picture up to a whole NACK cache of time in the past (the browser syncs audio and video by these reports).
    /// </summary>
    [Fact]
    public void AnsweringANack_LeavesTheSenderReportsOnTheNewestPicture()
    {
        using var server = new IngestServer(new IngestOptions { UdpPort = 0 }, new RecordingOutputFactory());
        server.Start();
        var (publisher, _) = LoopbackIngestTests.Connect(server, "nacked");
        using var _p = publisher;
        var (viewer, packets) = ConnectViewer(server, "nacked");
        using var _v = viewer;
        var relay = server.RelayOf("nacked")!;
        var deadline = DateTime.UtcNow + Guard;
        while (!relay.Viewers.Single().Connected && DateTime.UtcNow < deadline) Thread.Sleep(20);

        var units = H264TestSource.AccessUnits(320, 240, 120, gop: 20);
        int sent = units.Sum(u => H264TestSource.Packetize(u, 103, 0, 0, 0).Count);
        LoopbackIngestTests.SendClip(publisher, units, ssrc: 0x6666);
        deadline = DateTime.UtcNow + Guard;
        while (packets.Count < sent && DateTime.UtcNow < deadline) Thread.Sleep(20);
        Assert.Equal(sent, packets.Count);
        var newest = packets.Max(p => p.Timestamp);
        // A picture 60 frames (2 s of 90 kHz time) before the newest, still in the NACK cache.
        var old = packets.First(p => p.Timestamp == newest - 60 * 3000);
        Assert.True(sent - packets.ToList().IndexOf(old) < RoomRtpRelay.CacheSize);

        // NACK it (RFC 4585 §6.2.1: PID, no BLP): the gateway sends it again, with its old timestamp.
        var nack = new byte[16];
        nack[0] = 0x81;
        nack[1] = 205;
        BinaryPrimitives.WriteUInt16BigEndian(nack.AsSpan(2), 3);
        BinaryPrimitives.WriteUInt32BigEndian(nack.AsSpan(4), 0x1234);
        BinaryPrimitives.WriteUInt32BigEndian(nack.AsSpan(8), old.Ssrc);
        BinaryPrimitives.WriteUInt16BigEndian(nack.AsSpan(12), old.Seq);
        // The resent datagram arrives, and this viewer's SRTP refuses it as a replay (it had the packet; a viewer
        // that lost it takes it): counted as it arrives.
        var session = relay.Viewers.Single();
        long arrived = Interlocked.Read(ref viewer.RtpReceived);
        viewer.SendRtcp(nack);
        deadline = DateTime.UtcNow + Guard;
        while (Interlocked.Read(ref viewer.RtpReceived) == arrived && DateTime.UtcNow < deadline) Thread.Sleep(20);
        Assert.Equal(1, session.NacksAnswered);
        Assert.Equal(arrived + 1, Interlocked.Read(ref viewer.RtpReceived));

        // The next sender report (one a second; a report sent before the answer arrived before it, on the same socket)
        // maps now to at least the newest picture's timestamp. Counted from the resent packet's time, it would lie
        // about 1 s of 90 kHz time after the old picture, still before the newest one.
        int reports = Volatile.Read(ref viewer.SenderReportsReceived);
        deadline = DateTime.UtcNow + Guard;
        while (Volatile.Read(ref viewer.SenderReportsReceived) < reports + 1 && DateTime.UtcNow < deadline) Thread.Sleep(20);
        Assert.True(Volatile.Read(ref viewer.SenderReportsReceived) > reports, "no sender report came");
        var reported = viewer.LastSenderReportRtp;
        Assert.True(reported - newest < 0x8000_0000u,
            $"the sender report's RTP time {reported} lies before the newest picture's {newest} (the resent packet's was {old.Timestamp})");
    }

    /// <summary>A C# WHEP viewer (video only) through ICE and DTLS, with the sequence, SSRC and timestamp of each decrypted packet it gets.</summary>
    private static (WhipTestClient Viewer, ConcurrentQueue<(ushort Seq, uint Ssrc, uint Timestamp)> Packets) ConnectViewer(IngestServer server, string roomId)
    {
        var viewer = new WhipTestClient();
        var created = server.CreateViewer(roomId, viewer.CreateOffer(audio: false, direction: "recvonly"));
        Assert.True(created.Succeeded, created.Reason);
        viewer.ApplyAnswer(created.AnswerSdp!);
        Assert.True(viewer.CheckConnectivity(Guard), "ICE check got no valid response");
        viewer.Handshake();
        var packets = new ConcurrentQueue<(ushort Seq, uint Ssrc, uint Timestamp)>();
        viewer.MediaReceived = packet => packets.Enqueue((BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(2)),
            BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(8)), BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(4))));
        return (viewer, packets);
    }
}

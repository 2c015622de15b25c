using System.Buffers.Binary;
using Stagecast.Media.AccessUnits;
using Stagecast.Media.Sdp;
using Stagecast.Media.Srtp;
using Stagecast.Media.Whip;

namespace Stagecast.Ingest.Tests.Loopback;

/// <summary>
/// The whole ingest over real UDP on loopback: ICE-lite check, BouncyCastle DTLS client against our server,
/// SRTP carrying ffmpeg-made H.264, access units out, Annex-B dump checked by ffprobe.
/// </summary>
public sealed class LoopbackIngestTests : IDisposable
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);
    private readonly RecordingOutputFactory _outputs = new();
    private readonly IngestServer _server;

    public LoopbackIngestTests()
    {
        _server = new IngestServer(new IngestOptions { UdpPort = 0, SessionTimeout = TimeSpan.FromSeconds(30) }, _outputs);
        _server.Start();
    }

    public void Dispose() => _server.Dispose();

    internal static (WhipTestClient Client, string SessionId) Connect(IngestServer server, string roomId, WhipTestClient? client = null)
    {
        client ??= new WhipTestClient();
        var result = server.CreateSession(roomId, client.CreateOffer());
        Assert.True(result.Succeeded, result.Reason);
        client.ApplyAnswer(result.AnswerSdp!);
        Assert.True(client.CheckConnectivity(Guard), "ICE check got no valid response");
        client.Handshake();
        return (client, result.SessionId!);
    }

    /// <summary>Sends the clip at roughly real time / 4, with a sender report before the first frame.</summary>
    internal static void SendClip(WhipTestClient client, List<List<byte[]>> units, uint ssrc, ushort firstSeq = 1000, uint firstTs = 12345,
        Func<int, List<byte[]>, List<byte[]>>? shuffle = null)
    {
        ushort seq = firstSeq;
        uint ts = firstTs;
        var sr = new byte[28];
        sr[0] = 0x80;
        sr[1] = 200;
        BinaryPrimitives.WriteUInt16BigEndian(sr.AsSpan(2), 6);
        BinaryPrimitives.WriteUInt32BigEndian(sr.AsSpan(4), ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(sr.AsSpan(8), 0xE8A0_0000_0000_0000UL);
        BinaryPrimitives.WriteUInt32BigEndian(sr.AsSpan(16), firstTs);
        client.SendRtcp(sr);
        foreach (var unit in units)
        {
            var packets = H264TestSource.Packetize(unit, 103, seq, ts, ssrc);
            seq += (ushort)packets.Count;
            if (shuffle is not null)
            {
                packets = shuffle(units.IndexOf(unit), packets);
            }
            foreach (var p in packets)
            {
                client.SendRtp(p);
            }
            ts += 3000;
            Thread.Sleep(8);
        }
    }

    [Fact]
    public async Task DtlsHandshakeOverIceLite_ThenSrtpH264_ArrivesAsAccessUnits_AndFfprobeAcceptsTheDump()
    {
        var started = new TaskCompletionSource<WhipSession>(TaskCreationOptions.RunContinuationsAsynchronously);
        var ended = new TaskCompletionSource<WhipEndReason>(TaskCreationOptions.RunContinuationsAsynchronously);
        _server.MediaStarted += s => started.TrySetResult(s);
        _server.SessionEnded += (_, r) => ended.TrySetResult(r);

        var units = H264TestSource.AccessUnits(320, 240, 60, gop: 30);
        var (client, sessionId) = Connect(_server, "room-a");
        using var _ = client;
        SendClip(client, units, ssrc: 0x2222);

        var session = await started.Task.WaitAsync(Guard);
        Assert.Equal(sessionId, session.Id);
        var sink = _outputs.ForRoom("room-a")!;
        var deadline = DateTime.UtcNow + Guard;
        while (sink.VideoUnits < units.Count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.Equal(units.Count, sink.VideoUnits);
        Assert.Equal(0, session.SrtpAuthFailures);
        Assert.False(sink.OverlappingCalls);

        var config = Assert.Single(sink.Configs);
        Assert.Equal(MediaCodec.H264, config.Codec);
        Assert.Equal((320, 240), (config.Width, config.Height));
        Assert.Equal(7, config.Sps.Span[0] & 0x1F);
        Assert.Equal(8, config.Pps.Span[0] & 0x1F);
        var video = sink.Units.Where(u => u.Unit.TrackId == 1).ToList();
        Assert.True(video[0].Unit.IsKeyframe);
        Assert.Equal(2, video.Count(u => u.Unit.IsKeyframe));
        Assert.Equal(3000, video[1].Unit.Timestamp - video[0].Unit.Timestamp);
        // The capture time comes from the sender report's NTP time.
        Assert.Equal(2023, video[0].Unit.CaptureTimeUtc.Year);

        string file = Path.Combine(Path.GetTempPath(), $"ingest-loopback-{Guid.NewGuid():N}.h264");
        await File.WriteAllBytesAsync(file, sink.VideoAsAnnexB());
        try
        {
            var (codec, width, height) = H264TestSource.Probe(file);
            Assert.Equal(("h264", 320, 240), (codec, width, height));
        }
        finally
        {
            File.Delete(file);
        }

        // The server asks for keyframes and reports reception, SRTCP-protected with its own keys.
        deadline = DateTime.UtcNow + Guard;
        while ((client.PlisReceived == 0 || client.ReceiverReportsReceived == 0) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.True(client.PlisReceived > 0);
        Assert.True(client.ReceiverReportsReceived > 0);
        Assert.Equal(0, client.RtcpAuthFailures);

        Assert.True(_server.EndSession(sessionId));
        Assert.Equal(WhipEndReason.Deleted, await ended.Task.WaitAsync(Guard));
        await sink.Ended.Task.WaitAsync(Guard);
        Assert.Null(_server.GetSession(sessionId));
        Assert.False(_server.EndSession(sessionId));
    }

    [Fact]
    public async Task ReorderedPackets_AreReassembled_AndALostOne_IsNacked()
    {
        var units = H264TestSource.AccessUnits(320, 240, 40, gop: 20);
        var (client, _) = Connect(_server, "room-reorder");
        using var __ = client;
        ushort lostSeq = 0;
        SendClip(client, units, ssrc: 0x6666, shuffle: (index, packets) =>
        {
            if (index is 3 or 8 && packets.Count >= 2)
            {
                // Swap the first two packets of the picture.
                (packets[0], packets[1]) = (packets[1], packets[0]);
            }
            if (index == 12)
            {
                lostSeq = (ushort)((packets[0][2] << 8) | packets[0][3]);
                packets.RemoveAt(0); // lost for good (the client does not retransmit)
            }
            return packets;
        });
        var sink = _outputs.ForRoom("room-reorder")!;
        var session = _server.GetSessionForRoom("room-reorder")!;
        // Pictures 0..11 arrive (3 and 8 put back in order); 12..19 are lost with their reference; 20.. arrive.
        int expected = units.Count - 8;
        var deadline = DateTime.UtcNow + Guard;
        while ((sink.VideoUnits < expected || client.NacksReceived == 0) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.Equal(expected, sink.VideoUnits);
        Assert.True(client.NacksReceived > 0);
        Assert.Equal(lostSeq, client.LastNackedSequence);
        // The health counters are the session's own view; poll for them instead of waiting a fixed time.
        while ((session.Health.PacketsReordered < 2 || session.Health.NacksSent < 1) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.True(session.Health.PacketsReordered >= 2, session.Health.ToString());
        Assert.True(session.Health.NacksSent >= 1);
    }

    [Fact]
    public async Task SecondPublisherForTheSameRoom_IsRefused_UntilTheFirstEnds()
    {
        using var first = new WhipTestClient();
        var a = _server.CreateSession("room-b", first.CreateOffer());
        Assert.True(a.Succeeded);
        using var second = new WhipTestClient();
        var b = _server.CreateSession("room-b", second.CreateOffer());
        Assert.Equal(WhipCreateStatus.RoomBusy, b.Status);
        Assert.True(_server.EndSession(a.SessionId!));
        await Task.Yield();
        Assert.True(_server.CreateSession("room-b", second.CreateOffer()).Succeeded);
    }

    [Fact]
    public async Task WrongClientCertificate_FailsTheHandshake_AndEndsTheSession()
    {
        var ended = new TaskCompletionSource<WhipEndReason>(TaskCreationOptions.RunContinuationsAsynchronously);
        _server.SessionEnded += (_, r) => ended.TrySetResult(r);
        var other = Stagecast.Media.Dtls.DtlsCertificate.CreateSelfSigned("CN=someone-else");
        using var client = new WhipTestClient(advertisedFingerprint: other.Fingerprint);
        var result = _server.CreateSession("room-c", client.CreateOffer());
        client.ApplyAnswer(result.AnswerSdp!);
        Assert.True(client.CheckConnectivity(Guard));
        // The server refuses the certificate whose fingerprint the offer did not announce (RFC 8842 section 5).
        var refused = Assert.Throws<Org.BouncyCastle.Tls.TlsFatalAlertReceived>(client.Handshake);
        Assert.Equal(Org.BouncyCastle.Tls.AlertDescription.bad_certificate, refused.AlertDescription);
        Assert.Equal(WhipEndReason.DtlsFailed, await ended.Task.WaitAsync(Guard));
    }

    [Fact]
    public async Task PublisherThatCloses_DtlsCloseNotify_EndsTheSession()
    {
        var ended = new TaskCompletionSource<WhipEndReason>(TaskCreationOptions.RunContinuationsAsynchronously);
        _server.SessionEnded += (_, r) => ended.TrySetResult(r);
        var (client, _) = Connect(_server, "room-d");
        using var __ = client;
        client.CloseDtls();
        Assert.Equal(WhipEndReason.DtlsClosed, await ended.Task.WaitAsync(Guard));
    }

    [Fact]
    public async Task PublisherThatVanishes_ExpiresAfterTheTimeout()
    {
        using var server = new IngestServer(new IngestOptions { UdpPort = 0, SessionTimeout = TimeSpan.FromSeconds(1) }, _outputs);
        server.Start();
        var ended = new TaskCompletionSource<WhipEndReason>(TaskCreationOptions.RunContinuationsAsynchronously);
        server.SessionEnded += (_, r) => ended.TrySetResult(r);
        var (client, id) = Connect(server, "room-e");
        client.Dispose();
        Assert.Equal(WhipEndReason.Timeout, await ended.Task.WaitAsync(Guard));
        Assert.Null(server.GetSession(id));
    }

    [Fact]
    public async Task FloodAtOneSession_DoesNotDisturbAnother()
    {
        var units = H264TestSource.AccessUnits(320, 240, 30, gop: 30);
        var (victim, _) = Connect(_server, "room-flood");
        var (good, _) = Connect(_server, "room-good");
        using var v = victim;
        using var g = good;
        var rng = new Random(7);
        var junk = new byte[1200];
        var flood = Task.Run(() =>
        {
            for (int i = 0; i < 20_000; i++)
            {
                rng.NextBytes(junk);
                junk[0] = (byte)(i % 3 == 0 ? 0x80 : i % 3 == 1 ? 22 : 0);
                victim.SendRaw(junk);
            }
        });
        SendClip(good, units, ssrc: 0x3333);
        await flood.WaitAsync(Guard);
        var sink = _outputs.ForRoom("room-good")!;
        var deadline = DateTime.UtcNow + Guard;
        while (sink.VideoUnits < units.Count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.Equal(units.Count, sink.VideoUnits);
        Assert.Equal(0, _server.GetSessionForRoom("room-good")!.SrtpAuthFailures);
    }

    [Fact]
    public void RefusedOffer_ReportsWhy()
    {
        using var client = new WhipTestClient();
        var offer = client.CreateOffer().Replace("a=rtpmap:102 H264/90000", "a=rtpmap:102 VP9/90000")
            .Replace("a=rtpmap:103 H264/90000", "a=rtpmap:103 VP9/90000");
        var result = _server.CreateSession("room-f", offer);
        Assert.Equal(WhipCreateStatus.Refused, result.Status);
        Assert.Equal(OfferRefusal.UnsupportedCodec, result.Refusal);
        Assert.Null(_server.GetSessionForRoom("room-f"));
    }

    [Theory]
    [InlineData(SrtpProfile.AesCm128HmacSha1_80)]
    public void NegotiatedProfile_IsAesCm(SrtpProfile expected)
    {
        var (client, _) = Connect(_server, "room-g");
        using var _ = client;
        Assert.Equal(expected, client.Profile);
    }
}

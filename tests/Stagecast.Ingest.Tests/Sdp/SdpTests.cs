using Stagecast.Media.Sdp;

namespace Stagecast.Ingest.Tests.Sdp;

public class SdpTests
{
    private static readonly AnswerParameters Local = new("abcd1234", "0123456789abcdefghijklmn", "AA:BB", [("192.0.2.10", 8189)]);

    [Fact]
    public void ChromiumOffer_PicksOpusAndConstrainedBaselineMode1()
    {
        Assert.Equal(OfferRefusal.None, OfferNegotiator.Negotiate(Offers.Chromium, out var offer, out _));
        Assert.Equal(111, offer!.Audio!.PayloadType);
        Assert.Equal(106, offer.Video!.PayloadType);
        Assert.Equal("Wq7d", offer.RemoteUfrag);
        Assert.StartsWith("3C:4E", offer.Fingerprint);
        Assert.Equal(["0", "1"], offer.Sections.Select(s => s.Mid));
    }

    [Fact]
    public void ObsOffer_SessionLevelIceAndDtls_AreDefaultsForEachSection()
    {
        Assert.Equal(OfferRefusal.None, OfferNegotiator.Negotiate(Offers.Obs, out var offer, out _));
        Assert.Equal("Hm3c", offer!.RemoteUfrag);
        Assert.Equal("4C7m0W8bJ/8pYwA1l0l5hQ2x", offer.RemotePwd);
        Assert.Equal(96, offer.Video!.PayloadType);
        Assert.Equal(2, offer.Audio!.Channels);
    }

    [Fact]
    public void Answer_IsIceLiteRecvonlyPassive_WithOneCodecPerSectionAndOurCandidate()
    {
        OfferNegotiator.Negotiate(Offers.Chromium, out var offer, out _);
        var answer = OfferNegotiator.BuildAnswer(offer!, Local, 42);
        Assert.Contains("a=group:BUNDLE 0 1\r\n", answer);
        Assert.Contains("a=ice-lite\r\n", answer);
        Assert.Contains("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n", answer);
        Assert.Contains("m=video 9 UDP/TLS/RTP/SAVPF 106\r\n", answer);
        Assert.Contains("a=fmtp:106 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f\r\n", answer);
        Assert.Contains("a=rtcp-fb:106 nack pli\r\n", answer);
        Assert.DoesNotContain("transport-cc", answer);
        Assert.DoesNotContain("rtx", answer);
        Assert.Equal(2, CountOf(answer, "a=recvonly\r\n"));
        Assert.Equal(2, CountOf(answer, "a=setup:passive\r\n"));
        Assert.Equal(2, CountOf(answer, "a=candidate:1 1 udp 2130706431 192.0.2.10 8189 typ host\r\n"));
        Assert.True(SessionDescription.TryParse(answer, out var parsed, out _));
        Assert.Equal(2, parsed!.Media.Count);
    }

    [Theory]
    [InlineData("a=setup:actpass", "a=setup:passive", OfferRefusal.UnsupportedSetup)]
    [InlineData("a=fingerprint:sha-256", "a=fingerprint:sha-1", OfferRefusal.MissingFingerprint)]
    [InlineData("a=ice-ufrag:Hm3c\n", "", OfferRefusal.MissingIceCredentials)]
    [InlineData("a=rtpmap:96 H264/90000", "a=rtpmap:96 VP8/90000", OfferRefusal.UnsupportedCodec)]
    [InlineData("a=rtpmap:111 opus/48000/2", "a=rtpmap:111 PCMU/8000", OfferRefusal.UnsupportedCodec)]
    [InlineData("a=rtcp-mux\n", "", OfferRefusal.NoRtcpMux)]
    [InlineData("a=group:BUNDLE 0 1\n", "", OfferRefusal.NotBundled)]
    [InlineData("v=0", "x", OfferRefusal.Malformed)]
    [InlineData("UDP/TLS/RTP/SAVPF 96", "RTP/AVP 96", OfferRefusal.UnsupportedTransport)]
    public void UnservableOffers_AreRefusedWithAReason(string find, string replace, OfferRefusal expected)
    {
        var offer = Offers.Obs.Replace(find, replace);
        Assert.NotEqual(Offers.Obs, offer);
        Assert.Equal(expected, OfferNegotiator.Negotiate(offer, out _, out var reason));
        Assert.False(string.IsNullOrEmpty(reason));
    }

    [Fact]
    public void TwoVideoTracks_AreRefused()
    {
        var offer = Offers.Obs.Replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0 1 2") +
                    "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:2\r\na=sendonly\r\na=rtcp-mux\r\na=rtpmap:96 H264/90000\r\n" +
                    "a=fmtp:96 packetization-mode=1\r\n";
        Assert.Equal(OfferRefusal.TooManyTracks, OfferNegotiator.Negotiate(offer, out _, out _));
    }

    [Fact]
    public void VideoOnlyAndAudioOnlyOffers_AreServed()
    {
        var videoOnly = Offers.Obs.Replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 1");
        videoOnly = videoOnly.Remove(videoOnly.IndexOf("m=audio", StringComparison.Ordinal),
            videoOnly.IndexOf("m=video", StringComparison.Ordinal) - videoOnly.IndexOf("m=audio", StringComparison.Ordinal));
        Assert.Equal(OfferRefusal.None, OfferNegotiator.Negotiate(videoOnly, out var offer, out _));
        Assert.Null(offer!.Audio);
        Assert.NotNull(offer.Video);
    }

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }
}

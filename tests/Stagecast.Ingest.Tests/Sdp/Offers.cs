namespace Stagecast.Ingest.Tests.Sdp;

/// <summary>Offers shaped like those the design brief recorded from Chromium 156 and OBS 30.x.</summary>
internal static class Offers
{
    public const string Chromium = """
        v=0
        o=- 8116244036571032467 2 IN IP4 127.0.0.1
        s=-
        t=0 0
        a=group:BUNDLE 0 1
        a=extmap-allow-mixed
        a=msid-semantic: WMS 5d3e0d8b-5d0c-4b53-a6b2-07f1e4ed5d5a
        m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126
        c=IN IP4 0.0.0.0
        a=rtcp:9 IN IP4 0.0.0.0
        a=ice-ufrag:Wq7d
        a=ice-pwd:Mt6w3kv1R7V+UOZtxNdGTGrZ
        a=ice-options:trickle
        a=fingerprint:sha-256 3C:4E:9F:7C:54:A6:3A:49:70:B8:A7:CD:31:A9:6C:F4:12:3B:C3:4D:58:32:E4:C9:28:2E:7C:5F:21:D6:7A:10
        a=setup:actpass
        a=mid:0
        a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
        a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
        a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
        a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
        a=sendonly
        a=msid:5d3e0d8b-5d0c-4b53-a6b2-07f1e4ed5d5a 0a6f0e8c-6a6e-4d2c-9e0a-1e2b3c4d5e6f
        a=rtcp-mux
        a=rtcp-rsize
        a=rtpmap:111 opus/48000/2
        a=rtcp-fb:111 transport-cc
        a=fmtp:111 minptime=10;useinbandfec=1
        a=rtpmap:63 red/48000/2
        a=fmtp:63 111/111
        a=rtpmap:9 G722/8000
        a=rtpmap:0 PCMU/8000
        a=rtpmap:8 PCMA/8000
        a=rtpmap:13 CN/8000
        a=rtpmap:110 telephone-event/48000
        a=rtpmap:126 telephone-event/8000
        a=ssrc:3735928559 cname:HkzQYbmRjUq7Uh2O
        a=ssrc:3735928559 msid:5d3e0d8b-5d0c-4b53-a6b2-07f1e4ed5d5a 0a6f0e8c-6a6e-4d2c-9e0a-1e2b3c4d5e6f
        m=video 9 UDP/TLS/RTP/SAVPF 96 97 102 103 104 105 106 107 108 109 45 46 98 99
        c=IN IP4 0.0.0.0
        a=rtcp:9 IN IP4 0.0.0.0
        a=ice-ufrag:Wq7d
        a=ice-pwd:Mt6w3kv1R7V+UOZtxNdGTGrZ
        a=ice-options:trickle
        a=fingerprint:sha-256 3C:4E:9F:7C:54:A6:3A:49:70:B8:A7:CD:31:A9:6C:F4:12:3B:C3:4D:58:32:E4:C9:28:2E:7C:5F:21:D6:7A:10
        a=setup:actpass
        a=mid:1
        a=extmap:14 urn:ietf:params:rtp-hdrext:toffset
        a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
        a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
        a=sendonly
        a=rtcp-mux
        a=rtcp-rsize
        a=rtpmap:96 VP8/90000
        a=rtcp-fb:96 goog-remb
        a=rtcp-fb:96 transport-cc
        a=rtcp-fb:96 ccm fir
        a=rtcp-fb:96 nack
        a=rtcp-fb:96 nack pli
        a=rtpmap:97 rtx/90000
        a=fmtp:97 apt=96
        a=rtpmap:102 H264/90000
        a=rtcp-fb:102 goog-remb
        a=rtcp-fb:102 transport-cc
        a=rtcp-fb:102 ccm fir
        a=rtcp-fb:102 nack
        a=rtcp-fb:102 nack pli
        a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f
        a=rtpmap:103 rtx/90000
        a=fmtp:103 apt=102
        a=rtpmap:104 H264/90000
        a=rtcp-fb:104 nack pli
        a=fmtp:104 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42001f
        a=rtpmap:105 rtx/90000
        a=fmtp:105 apt=104
        a=rtpmap:106 H264/90000
        a=rtcp-fb:106 goog-remb
        a=rtcp-fb:106 ccm fir
        a=rtcp-fb:106 nack
        a=rtcp-fb:106 nack pli
        a=fmtp:106 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f
        a=rtpmap:107 rtx/90000
        a=fmtp:107 apt=106
        a=rtpmap:108 H264/90000
        a=fmtp:108 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=4d001f
        a=rtpmap:109 rtx/90000
        a=fmtp:109 apt=108
        a=rtpmap:45 AV1/90000
        a=fmtp:45 level-idx=5;profile=0;tier=0
        a=rtpmap:46 rtx/90000
        a=fmtp:46 apt=45
        a=rtpmap:98 VP9/90000
        a=fmtp:98 profile-id=0
        a=rtpmap:99 rtx/90000
        a=fmtp:99 apt=98
        a=ssrc-group:FID 1234567890 987654321
        a=ssrc:1234567890 cname:HkzQYbmRjUq7Uh2O
        a=ssrc:987654321 cname:HkzQYbmRjUq7Uh2O

        """;

    /// <summary>OBS 30.x (libdatachannel): ICE and DTLS at session level, no candidates, mid 0 audio, mid 1 video.</summary>
    public const string Obs = """
        v=0
        o=rtc 2966542731 0 IN IP4 127.0.0.1
        s=-
        t=0 0
        a=group:BUNDLE 0 1
        a=group:LS 0 1
        a=msid-semantic:WMS *
        a=ice-options:ice2,trickle
        a=ice-ufrag:Hm3c
        a=ice-pwd:4C7m0W8bJ/8pYwA1l0l5hQ2x
        a=fingerprint:sha-256 A1:B2:C3:D4:E5:F6:07:18:29:3A:4B:5C:6D:7E:8F:90:A1:B2:C3:D4:E5:F6:07:18:29:3A:4B:5C:6D:7E:8F:90
        a=setup:actpass
        m=audio 9 UDP/TLS/RTP/SAVPF 111
        c=IN IP4 0.0.0.0
        a=mid:0
        a=sendonly
        a=ssrc:1461530829 cname:obs
        a=ssrc:1461530829 msid:obs obs-audio
        a=rtcp-mux
        a=rtpmap:111 opus/48000/2
        a=fmtp:111 minptime=10;maxaveragebitrate=96000;stereo=1;sprop-stereo=1;useinbandfec=1
        m=video 9 UDP/TLS/RTP/SAVPF 96
        c=IN IP4 0.0.0.0
        a=mid:1
        a=sendonly
        a=ssrc:1461530830 cname:obs
        a=rtcp-mux
        a=rtpmap:96 H264/90000
        a=rtcp-fb:96 nack
        a=rtcp-fb:96 nack pli
        a=rtcp-fb:96 goog-remb
        a=fmtp:96 profile-level-id=42e01f;packetization-mode=1;level-asymmetry-allowed=1

        """;
}

using System.Globalization;
using System.Text;

namespace Stagecast.Media.Sdp;

/// <summary>Why an offer cannot be served; the gateway answers 422 (or 400 for <see cref="Malformed"/>).</summary>
public enum OfferRefusal
{
    None,
    Malformed,
    NoMedia,
    UnsupportedCodec,
    TooManyTracks,
    MissingIceCredentials,
    MissingFingerprint,
    UnsupportedSetup,
    NoRtcpMux,
    NotBundled,
    UnsupportedTransport,
}

/// <summary>The codec chosen for one section of the offer.</summary>
public sealed record NegotiatedMedia(string Kind, string Mid, int PayloadType, string RtpMap, string? Fmtp, int Channels, IReadOnlyList<string> Feedback);

/// <summary>The offer's transport parameters and the chosen codecs.</summary>
public sealed record NegotiatedOffer(
    string RemoteUfrag,
    string RemotePwd,
    string FingerprintAlgorithm,
    string Fingerprint,
    NegotiatedMedia? Audio,
    NegotiatedMedia? Video,
    IReadOnlyList<NegotiatedMedia> Sections,
    IReadOnlyList<string> BundleMids);

/// <summary>What the answer needs from us: ICE credentials, DTLS fingerprint and host candidates.</summary>
public sealed record AnswerParameters(string IceUfrag, string IcePwd, string Fingerprint, IReadOnlyList<(string Address, int Port)> Candidates);

/// <summary>Picks one codec per section (H.264 and Opus only) and writes the recvonly, ice-lite answer.</summary>
public static class OfferNegotiator
{
    public static OfferRefusal Negotiate(string offerText, out NegotiatedOffer? offer, out string reason) =>
        Negotiate(offerText, playback: false, out offer, out reason);

    /// <summary>A WHIP offer (<paramref name="playback"/> false) must send; a WHEP offer must receive.</summary>
    public static OfferRefusal Negotiate(string offerText, bool playback, out NegotiatedOffer? offer, out string reason)
    {
        offer = null;
        if (!SessionDescription.TryParse(offerText, out var sdp, out var error) || sdp is null)
        {
            reason = error ?? "Malformed SDP.";
            return OfferRefusal.Malformed;
        }
        var active = sdp.Media.Where(m => m.Port != 0).ToList();
        if (active.Count == 0)
        {
            reason = "The offer has no media sections.";
            return OfferRefusal.NoMedia;
        }
        NegotiatedMedia? audio = null, video = null;
        var sections = new List<NegotiatedMedia>();
        var first = active[0];
        foreach (var m in active)
        {
            if (m.Mid is null)
            {
                reason = "Every media section needs a mid.";
                return OfferRefusal.Malformed;
            }
            if (!m.Protocol.Contains("SAVPF", StringComparison.Ordinal) && !m.Protocol.Contains("SAVP", StringComparison.Ordinal))
            {
                reason = $"Transport '{m.Protocol}' is not supported; use UDP/TLS/RTP/SAVPF.";
                return OfferRefusal.UnsupportedTransport;
            }
            if (string.IsNullOrEmpty(m.IceUfrag) || string.IsNullOrEmpty(m.IcePwd))
            {
                reason = "The offer has no ICE credentials (a=ice-ufrag / a=ice-pwd).";
                return OfferRefusal.MissingIceCredentials;
            }
            if (m.FingerprintAlgorithm != "sha-256" || string.IsNullOrEmpty(m.Fingerprint))
            {
                reason = "The offer needs a sha-256 DTLS fingerprint.";
                return OfferRefusal.MissingFingerprint;
            }
            // RFC 9725 §4.4.4 / RFC 8842: we are always the DTLS server, so the client must be able to be active.
            if (m.Setup is not null && m.Setup != "actpass" && m.Setup != "active")
            {
                reason = $"a=setup:{m.Setup} is not supported; the ingest is always DTLS passive.";
                return OfferRefusal.UnsupportedSetup;
            }
            if (!m.RtcpMux)
            {
                reason = "RTP/RTCP multiplexing (a=rtcp-mux) is required.";
                return OfferRefusal.NoRtcpMux;
            }
            if (m.Direction is "inactive" || m.Direction == (playback ? "sendonly" : "recvonly"))
            {
                reason = playback ? "A WHEP offer must receive media (recvonly or sendrecv)." : "A WHIP offer must send media (sendonly or sendrecv).";
                return OfferRefusal.NoMedia;
            }
            NegotiatedMedia? chosen;
            if (m.Kind == "audio")
            {
                if (audio is not null)
                {
                    reason = "Only one audio track is supported.";
                    return OfferRefusal.TooManyTracks;
                }
                chosen = audio = ChooseOpus(m);
            }
            else if (m.Kind == "video")
            {
                if (video is not null)
                {
                    reason = "Only one video track is supported.";
                    return OfferRefusal.TooManyTracks;
                }
                chosen = video = ChooseH264(m);
            }
            else
            {
                reason = $"Media '{m.Kind}' is not supported.";
                return OfferRefusal.UnsupportedCodec;
            }
            if (chosen is null)
            {
                reason = m.Kind == "audio" ? "The audio section offers no Opus." : "The video section offers no H.264 (packetization-mode 0 or 1).";
                return OfferRefusal.UnsupportedCodec;
            }
            if (m.IceUfrag != first.IceUfrag || m.Fingerprint != first.Fingerprint)
            {
                reason = "All sections must share one transport (BUNDLE).";
                return OfferRefusal.NotBundled;
            }
            sections.Add(chosen);
        }
        if (active.Count > 1 && !active.All(m => sdp.BundleMids.Contains(m.Mid!)))
        {
            reason = "Several media sections need a=group:BUNDLE.";
            return OfferRefusal.NotBundled;
        }
        offer = new NegotiatedOffer(first.IceUfrag!, first.IcePwd!, first.FingerprintAlgorithm!, first.Fingerprint!, audio, video, sections,
            active.Select(m => m.Mid!).ToList());
        reason = "";
        return OfferRefusal.None;
    }

    private static NegotiatedMedia? ChooseOpus(MediaDescription m)
    {
        foreach (int pt in m.Formats)
        {
            if (m.RtpMaps.TryGetValue(pt, out var map) && map.StartsWith("opus/48000", StringComparison.OrdinalIgnoreCase))
            {
                var parts = map.Split('/');
                int channels = parts.Length > 2 && int.TryParse(parts[2], out int c) ? c : 1;
                m.Fmtps.TryGetValue(pt, out var fmtp);
                return new NegotiatedMedia("audio", m.Mid!, pt, "opus/48000/2", fmtp, channels, []);
            }
        }
        return null;
    }

    /// <summary>
    /// Prefers packetization-mode=1 (FU-A, needed above ~1200-byte NALs) and constrained baseline (42e0xx),
    /// then baseline (4200xx), then any other profile in mode 1, then mode 0.
    /// </summary>
    private static NegotiatedMedia? ChooseH264(MediaDescription m)
    {
        int bestScore = -1;
        int bestPt = -1;
        foreach (int pt in m.Formats)
        {
            if (!m.RtpMaps.TryGetValue(pt, out var map) || !map.StartsWith("H264/90000", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            m.Fmtps.TryGetValue(pt, out var fmtp);
            var p = ParseFmtp(fmtp);
            string mode = p.GetValueOrDefault("packetization-mode", "0");
            if (mode is not ("0" or "1"))
            {
                continue;
            }
            string profile = p.GetValueOrDefault("profile-level-id", "42001f").ToLowerInvariant();
            int score = mode == "1" ? 100 : 0;
            if (profile.StartsWith("42e0", StringComparison.Ordinal))
            {
                score += 30;
            }
            else if (profile.StartsWith("4200", StringComparison.Ordinal))
            {
                score += 20;
            }
            else if (profile.StartsWith("4d", StringComparison.Ordinal))
            {
                score += 10;
            }
            if (score > bestScore)
            {
                bestScore = score;
                bestPt = pt;
            }
        }
        if (bestPt < 0)
        {
            return null;
        }
        m.Fmtps.TryGetValue(bestPt, out var chosenFmtp);
        var feedback = new List<string>();
        if (m.RtcpFeedback.TryGetValue(bestPt, out var fbs))
        {
            feedback.AddRange(fbs.Where(f => f is "nack" or "nack pli" or "ccm fir"));
        }
        return new NegotiatedMedia("video", m.Mid!, bestPt, "H264/90000", chosenFmtp, 0, feedback);
    }

    public static Dictionary<string, string> ParseFmtp(string? fmtp)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (fmtp is null)
        {
            return result;
        }
        foreach (var item in fmtp.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = item.IndexOf('=');
            if (eq > 0)
            {
                result[item.Substring(0, eq).Trim()] = item.Substring(eq + 1).Trim();
            }
        }
        return result;
    }

    /// <summary>The answer as Chromium 156 accepted it (design brief §1): ice-lite, recvonly, passive, one codec per section.</summary>
    public static string BuildAnswer(NegotiatedOffer offer, AnswerParameters local, ulong sessionVersion)
    {
        var sb = new StringBuilder();
        sb.Append("v=0\r\n");
        sb.Append(CultureInfo.InvariantCulture, $"o=- {sessionVersion} 2 IN IP4 127.0.0.1\r\n");
        sb.Append("s=-\r\nt=0 0\r\n");
        if (offer.Sections.Count > 1 || offer.BundleMids.Count > 0)
        {
            sb.Append("a=group:BUNDLE ").Append(string.Join(' ', offer.Sections.Select(s => s.Mid))).Append("\r\n");
        }
        sb.Append("a=ice-lite\r\n");
        sb.Append("a=msid-semantic: WMS\r\n");
        foreach (var s in offer.Sections)
        {
            sb.Append(CultureInfo.InvariantCulture, $"m={s.Kind} 9 UDP/TLS/RTP/SAVPF {s.PayloadType}\r\n");
            sb.Append("c=IN IP4 0.0.0.0\r\n");
            sb.Append("a=mid:").Append(s.Mid).Append("\r\n");
            sb.Append("a=recvonly\r\n");
            sb.Append("a=rtcp-mux\r\n");
            sb.Append("a=rtcp-rsize\r\n");
            sb.Append("a=ice-ufrag:").Append(local.IceUfrag).Append("\r\n");
            sb.Append("a=ice-pwd:").Append(local.IcePwd).Append("\r\n");
            sb.Append("a=ice-options:ice2\r\n");
            sb.Append("a=fingerprint:sha-256 ").Append(local.Fingerprint).Append("\r\n");
            sb.Append("a=setup:passive\r\n");
            sb.Append(CultureInfo.InvariantCulture, $"a=rtpmap:{s.PayloadType} {s.RtpMap}\r\n");
            if (s.Kind == "audio")
            {
                sb.Append(CultureInfo.InvariantCulture, $"a=fmtp:{s.PayloadType} minptime=10;useinbandfec=1\r\n");
            }
            else
            {
                var p = ParseFmtp(s.Fmtp);
                string profile = p.GetValueOrDefault("profile-level-id", "42e01f");
                string mode = p.GetValueOrDefault("packetization-mode", "0");
                sb.Append(CultureInfo.InvariantCulture,
                    $"a=fmtp:{s.PayloadType} level-asymmetry-allowed=1;packetization-mode={mode};profile-level-id={profile}\r\n");
                foreach (var fb in s.Feedback)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"a=rtcp-fb:{s.PayloadType} {fb}\r\n");
                }
            }
            int foundation = 1;
            foreach (var (address, port) in local.Candidates)
            {
                // RFC 8839 §5.1: host candidate, component 1 (rtcp-mux), priority per RFC 8445 §5.1.2 for type host.
                uint priority = (uint)((126 << 24) | ((65535 - foundation + 1) << 8) | 255);
                sb.Append(CultureInfo.InvariantCulture, $"a=candidate:{foundation} 1 udp {priority} {address} {port} typ host\r\n");
                foundation++;
            }
            sb.Append("a=end-of-candidates\r\n");
        }
        return sb.ToString();
    }
}

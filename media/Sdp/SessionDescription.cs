namespace Stagecast.Media.Sdp;

/// <summary>One m= section of an offer, with session-level ICE/DTLS attributes already applied as defaults.</summary>
public sealed class MediaDescription
{
    public required string Kind { get; init; }
    public int Port { get; set; }
    public string Protocol { get; set; } = "";
    public List<int> Formats { get; } = [];
    public string? Mid { get; set; }
    public string? IceUfrag { get; set; }
    public string? IcePwd { get; set; }
    public string? FingerprintAlgorithm { get; set; }
    public string? Fingerprint { get; set; }
    public string? Setup { get; set; }
    public string Direction { get; set; } = "sendrecv";
    public bool RtcpMux { get; set; }
    public Dictionary<int, string> RtpMaps { get; } = [];
    public Dictionary<int, string> Fmtps { get; } = [];
    public Dictionary<int, List<string>> RtcpFeedback { get; } = [];
    public List<uint> Ssrcs { get; } = [];
}

/// <summary>
/// A parsed SDP offer (RFC 8866), only as far as WHIP ingest needs it: media sections, BUNDLE, and the
/// ICE and DTLS attributes, which OBS puts at session level and browsers per section (RFC 8839, 8842, 8122).
/// </summary>
public sealed class SessionDescription
{
    public const int MaxLength = 64 * 1024;

    public List<MediaDescription> Media { get; } = [];
    public List<string> BundleMids { get; } = [];
    public bool IceLite { get; private set; }

    public static bool TryParse(string text, out SessionDescription? sdp, out string? error)
    {
        sdp = null;
        error = null;
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength)
        {
            error = "The offer is empty or too large.";
            return false;
        }
        var result = new SessionDescription();
        string? sessionUfrag = null, sessionPwd = null, sessionFpAlg = null, sessionFp = null, sessionSetup = null;
        string sessionDirection = "sendrecv";
        MediaDescription? current = null;
        bool sawVersion = false;
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }
            // RFC 8866 §5: every line is <type>=<value> with a one-letter type.
            if (line.Length < 2 || line[1] != '=')
            {
                error = "Malformed SDP line.";
                return false;
            }
            char type = line[0];
            string value = line.Substring(2);
            if (type == 'v')
            {
                sawVersion = value == "0";
                continue;
            }
            if (type == 'm')
            {
                var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length < 3 || !int.TryParse(parts[1].Split('/')[0], out int port) || port < 0 || port > 65535)
                {
                    error = "Malformed m= line.";
                    return false;
                }
                current = new MediaDescription { Kind = parts[0], Port = port, Protocol = parts[2] };
                for (int i = 3; i < parts.Length; i++)
                {
                    if (int.TryParse(parts[i], out int pt) && pt is >= 0 and <= 127)
                    {
                        current.Formats.Add(pt);
                    }
                }
                result.Media.Add(current);
                continue;
            }
            if (type != 'a')
            {
                continue;
            }
            int colon = value.IndexOf(':');
            string name = colon < 0 ? value : value.Substring(0, colon);
            string arg = colon < 0 ? "" : value.Substring(colon + 1).Trim();
            if (current is null)
            {
                switch (name)
                {
                    case "group":
                        if (arg.StartsWith("BUNDLE", StringComparison.Ordinal))
                        {
                            result.BundleMids.AddRange(arg.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1));
                        }
                        break;
                    case "ice-lite":
                        result.IceLite = true;
                        break;
                    case "ice-ufrag":
                        sessionUfrag = arg;
                        break;
                    case "ice-pwd":
                        sessionPwd = arg;
                        break;
                    case "fingerprint":
                        SplitFingerprint(arg, out sessionFpAlg, out sessionFp);
                        break;
                    case "setup":
                        sessionSetup = arg;
                        break;
                    case "sendrecv" or "sendonly" or "recvonly" or "inactive":
                        sessionDirection = name;
                        break;
                }
                continue;
            }
            switch (name)
            {
                case "mid":
                    current.Mid = arg;
                    break;
                case "ice-ufrag":
                    current.IceUfrag = arg;
                    break;
                case "ice-pwd":
                    current.IcePwd = arg;
                    break;
                case "fingerprint":
                    SplitFingerprint(arg, out var alg, out var fp);
                    current.FingerprintAlgorithm = alg;
                    current.Fingerprint = fp;
                    break;
                case "setup":
                    current.Setup = arg;
                    break;
                case "rtcp-mux":
                    current.RtcpMux = true;
                    break;
                case "sendrecv" or "sendonly" or "recvonly" or "inactive":
                    current.Direction = name;
                    break;
                case "rtpmap":
                    if (TrySplitPt(arg, out int pt, out string rest))
                    {
                        current.RtpMaps[pt] = rest;
                    }
                    break;
                case "fmtp":
                    if (TrySplitPt(arg, out pt, out rest))
                    {
                        current.Fmtps[pt] = rest;
                    }
                    break;
                case "rtcp-fb":
                    if (TrySplitPt(arg, out pt, out rest))
                    {
                        if (!current.RtcpFeedback.TryGetValue(pt, out var list))
                        {
                            current.RtcpFeedback[pt] = list = [];
                        }
                        list.Add(rest);
                    }
                    break;
                case "ssrc":
                    int space = arg.IndexOf(' ');
                    if (uint.TryParse(space < 0 ? arg : arg.Substring(0, space), out uint ssrc) && !current.Ssrcs.Contains(ssrc))
                    {
                        current.Ssrcs.Add(ssrc);
                    }
                    break;
            }
        }
        if (!sawVersion)
        {
            error = "The offer has no v=0 line.";
            return false;
        }
        foreach (var m in result.Media)
        {
            m.IceUfrag ??= sessionUfrag;
            m.IcePwd ??= sessionPwd;
            if (m.Fingerprint is null)
            {
                m.FingerprintAlgorithm = sessionFpAlg;
                m.Fingerprint = sessionFp;
            }
            m.Setup ??= sessionSetup;
            if (m.Direction == "sendrecv" && sessionDirection != "sendrecv")
            {
                m.Direction = sessionDirection;
            }
        }
        sdp = result;
        return true;
    }

    private static void SplitFingerprint(string arg, out string? algorithm, out string? fingerprint)
    {
        int space = arg.IndexOf(' ');
        algorithm = space < 0 ? null : arg.Substring(0, space).ToLowerInvariant();
        fingerprint = space < 0 ? null : arg.Substring(space + 1).Trim().ToUpperInvariant();
    }

    private static bool TrySplitPt(string arg, out int pt, out string rest)
    {
        int space = arg.IndexOf(' ');
        rest = space < 0 ? "" : arg.Substring(space + 1).Trim();
        return int.TryParse(space < 0 ? arg : arg.Substring(0, space), out pt) && pt is >= 0 and <= 127;
    }
}

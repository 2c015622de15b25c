using System.Globalization;
using System.Text;
using Stagecast.Media.Sdp;

namespace Stagecast.Media.Whep;

/// <summary>
/// The WHEP answer: the WHIP answer's transport (ice-lite, passive DTLS, one codec per section) turned around to
/// sendonly, with the SSRC and msid of each stream we send (RFC 8830), so the viewer demultiplexes by SSRC.
/// </summary>
public static class WhepAnswer
{
    public static string Build(NegotiatedOffer offer, AnswerParameters local, ulong sessionVersion, uint videoSsrc, uint audioSsrc)
    {
        var answer = OfferNegotiator.BuildAnswer(offer, local, sessionVersion);
        var sb = new StringBuilder(answer.Length + 256);
        string? kind = null;
        foreach (var line in answer.Split("\r\n"))
        {
            if (line.Length == 0) continue;
            if (line.StartsWith("m=", StringComparison.Ordinal)) kind = line[2..line.IndexOf(' ', StringComparison.Ordinal)];
            if (line == "a=recvonly")
            {
                uint ssrc = kind == "video" ? videoSsrc : audioSsrc;
                sb.Append("a=sendonly\r\n");
                sb.Append(CultureInfo.InvariantCulture, $"a=msid:stagecast {kind}\r\n");
                sb.Append(CultureInfo.InvariantCulture, $"a=ssrc:{ssrc} cname:stagecast\r\n");
                sb.Append(CultureInfo.InvariantCulture, $"a=ssrc:{ssrc} msid:stagecast {kind}\r\n");
                continue;
            }

            sb.Append(line).Append("\r\n");
        }

        return sb.ToString().Replace("a=msid-semantic: WMS\r\n", "a=msid-semantic: WMS stagecast\r\n", StringComparison.Ordinal);
    }
}

using System.Buffers.Binary;
using Stagecast.Media.AccessUnits;

namespace Stagecast.Media.H264;

/// <summary>H.264 Annex-B byte streams (ITU-T H.264 Annex B): NAL units behind 4-byte start codes.</summary>
internal static class AnnexB
{
    private static readonly byte[] StartCode = [0, 0, 0, 1];

    /// <summary>AVCC (4-byte lengths) to Annex-B; a keyframe gets the source's SPS and PPS in front.</summary>
    public static byte[] FromAvcc(ReadOnlySpan<byte> avcc, TrackConfig? parameterSets)
    {
        var size = avcc.Length + (parameterSets is null ? 0 : 8 + parameterSets.Sps.Length + parameterSets.Pps.Length);
        var output = new byte[size];
        var at = 0;
        if (parameterSets is not null)
        {
            foreach (var set in new[] { parameterSets.Sps, parameterSets.Pps })
            {
                StartCode.CopyTo(output, at);
                set.Span.CopyTo(output.AsSpan(at + 4));
                at += 4 + set.Length;
            }
        }

        var i = 0;
        while (i + 4 <= avcc.Length)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(avcc[i..]);
            if (length <= 0 || i + 4 + length > avcc.Length) break;
            StartCode.CopyTo(output, at);
            avcc.Slice(i + 4, length).CopyTo(output.AsSpan(at + 4));
            at += 4 + length;
            i += 4 + length;
        }

        return at == output.Length ? output : output[..at];
    }
}

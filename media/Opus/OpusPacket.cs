namespace Stagecast.Media.Opus;

/// <summary>What the packager needs to know about one Opus packet (RFC 6716 §3.1): how long it plays.</summary>
public static class OpusPacket
{
    /// <summary>Samples per 48 kHz channel of one 20 ms frame, the length of <see cref="Silence"/>.</summary>
    public const int SilenceSamples = 960;

    // Frame sizes in 48 kHz samples by TOC config (§3.1, table 2): SILK NB/MB/WB 10/20/40/60 ms, hybrid SWB/FB 10/20 ms,
    // CELT NB/WB/SWB/FB 2.5/5/10/20 ms.
    private static readonly int[] FrameSamples =
    [
        480, 960, 1920, 2880, 480, 960, 1920, 2880, 480, 960, 1920, 2880,
        480, 960, 480, 960,
        120, 240, 480, 960, 120, 240, 480, 960, 120, 240, 480, 960, 120, 240, 480, 960,
    ];

    /// <summary>
    /// How many 48 kHz samples the packet decodes to (every frame in it), or 0 when the packet is empty or its
    /// frame count byte is missing or zero.
    /// </summary>
    public static int Samples(ReadOnlySpan<byte> packet)
    {
        if (packet.IsEmpty) return 0;
        var toc = packet[0];
        var frame = FrameSamples[toc >> 3];
        var frames = (toc & 0x03) switch
        {
            0 => 1,
            1 or 2 => 2,
            _ => packet.Length > 1 ? packet[1] & 0x3F : 0,
        };
        return frame * frames;
    }

    /// <summary>
    /// One 20 ms CELT fullband frame that decodes to silence (TOC config 31, one frame, then a frame that signals
    /// silence), mono or stereo as <paramref name="stereo"/> says.
    /// </summary>
    public static ReadOnlyMemory<byte> Silence(bool stereo) => stereo ? StereoSilence : MonoSilence;

    private static readonly byte[] MonoSilence = [0xF8, 0xFF, 0xFE];
    private static readonly byte[] StereoSilence = [0xFC, 0xFF, 0xFE];
}

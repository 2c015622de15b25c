using Stagecast.Media.AccessUnits;

namespace Stagecast.Media.Mp4;

/// <summary>
/// Writes a CMAF header (ftyp + moov with empty sample tables and mvex/trex), ISO/IEC 14496-12 and
/// ISO/IEC 23000-19: every sample lives in the fragments, so stts/stsc/stsz/stco are empty.
/// </summary>
public static class InitSegmentWriter
{
    // 16.16 identity matrix (14496-12 8.2.2): a, b, u, c, d, v, x, y, w.
    private static readonly uint[] IdentityMatrix = [0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000];

    /// <summary>Opus in ISOBMFF asks for 48 kHz media time whatever the input rate (Opus-in-ISOBMFF 4.3).</summary>
    public static int TimescaleOf(TrackConfig track) => track.Codec switch
    {
        MediaCodec.Opus => 48_000,
        MediaCodec.Aac => track.SampleRate > 0 ? track.SampleRate : track.ClockRate,
        _ => track.ClockRate,
    };

    public static byte[] Write(IReadOnlyList<TrackConfig> tracks)
    {
        var w = new Mp4Writer(2048);

        var ftyp = w.BeginBox("ftyp"u8);
        w.FourCc("iso6"u8);
        w.U32(0);
        w.FourCc("iso6"u8);
        w.FourCc("cmfc"u8);
        w.FourCc("mp41"u8);
        w.EndBox(ftyp);

        var moov = w.BeginBox("moov"u8);
        WriteMvhd(w, tracks.Max(t => t.TrackId) + 1);
        foreach (var track in tracks)
        {
            WriteTrak(w, track);
        }

        var mvex = w.BeginBox("mvex"u8);
        foreach (var track in tracks)
        {
            var trex = w.BeginFullBox("trex"u8, 0, 0);
            w.U32((uint)track.TrackId);
            w.U32(1); // default_sample_description_index
            w.U32(0); // default_sample_duration: every trun carries its own
            w.U32(0); // default_sample_size
            w.U32(0); // default_sample_flags
            w.EndBox(trex);
        }

        w.EndBox(mvex);
        w.EndBox(moov);
        return w.ToArray();
    }

    private static void WriteMvhd(Mp4Writer w, int nextTrackId)
    {
        var mvhd = w.BeginFullBox("mvhd"u8, 0, 0);
        w.U32(0); // creation_time
        w.U32(0); // modification_time
        w.U32(1000); // timescale
        w.U32(0); // duration: unknown for a fragmented file
        w.U32(0x00010000); // rate 1.0
        w.U16(0x0100); // volume 1.0
        w.Zeros(10);
        WriteMatrix(w);
        w.Zeros(24); // pre_defined
        w.U32((uint)nextTrackId);
        w.EndBox(mvhd);
    }

    private static void WriteTrak(Mp4Writer w, TrackConfig track)
    {
        var trak = w.BeginBox("trak"u8);

        // flags 3: track_enabled | track_in_movie.
        var tkhd = w.BeginFullBox("tkhd"u8, 0, 3);
        w.U32(0);
        w.U32(0);
        w.U32((uint)track.TrackId);
        w.U32(0);
        w.U32(0); // duration
        w.Zeros(8);
        w.U16(0); // layer
        w.U16(track.IsVideo ? (ushort)0 : (ushort)1); // alternate_group
        w.U16(track.IsVideo ? (ushort)0 : (ushort)0x0100); // volume
        w.U16(0);
        WriteMatrix(w);
        w.U32(track.IsVideo ? (uint)track.Width << 16 : 0);
        w.U32(track.IsVideo ? (uint)track.Height << 16 : 0);
        w.EndBox(tkhd);

        var mdia = w.BeginBox("mdia"u8);
        var mdhd = w.BeginFullBox("mdhd"u8, 0, 0);
        w.U32(0);
        w.U32(0);
        w.U32((uint)TimescaleOf(track));
        w.U32(0);
        w.U16(0x55C4); // language "und", packed ISO-639-2/T
        w.U16(0);
        w.EndBox(mdhd);

        var hdlr = w.BeginFullBox("hdlr"u8, 0, 0);
        w.U32(0);
        w.FourCc(track.IsVideo ? "vide"u8 : "soun"u8);
        w.Zeros(12);
        w.Bytes(track.IsVideo ? "Stagecast video\0"u8 : "Stagecast audio\0"u8);
        w.EndBox(hdlr);

        var minf = w.BeginBox("minf"u8);
        if (track.IsVideo)
        {
            var vmhd = w.BeginFullBox("vmhd"u8, 0, 1);
            w.U16(0); // graphicsmode: copy
            w.Zeros(6); // opcolor
            w.EndBox(vmhd);
        }
        else
        {
            var smhd = w.BeginFullBox("smhd"u8, 0, 0);
            w.U16(0); // balance
            w.U16(0);
            w.EndBox(smhd);
        }

        var dinf = w.BeginBox("dinf"u8);
        var dref = w.BeginFullBox("dref"u8, 0, 0);
        w.U32(1);
        var url = w.BeginFullBox("url "u8, 0, 1); // flag 1: the media is in this file
        w.EndBox(url);
        w.EndBox(dref);
        w.EndBox(dinf);

        var stbl = w.BeginBox("stbl"u8);
        var stsd = w.BeginFullBox("stsd"u8, 0, 0);
        w.U32(1);
        switch (track.Codec)
        {
            case MediaCodec.H264:
                WriteAvc1(w, track);
                break;
            case MediaCodec.Opus:
                WriteOpus(w, track);
                break;
            case MediaCodec.Aac:
                WriteMp4a(w, track);
                break;
            default:
                throw new NotSupportedException($"No sample entry for {track.Codec}.");
        }

        w.EndBox(stsd);
        foreach (var empty in new[] { "stts"u8.ToArray(), "stsc"u8.ToArray(), "stco"u8.ToArray() })
        {
            var box = w.BeginFullBox(empty, 0, 0);
            w.U32(0); // entry_count
            w.EndBox(box);
        }

        var stsz = w.BeginFullBox("stsz"u8, 0, 0);
        w.U32(0); // sample_size
        w.U32(0); // sample_count
        w.EndBox(stsz);
        w.EndBox(stbl);
        w.EndBox(minf);
        w.EndBox(mdia);
        w.EndBox(trak);
    }

    private static void WriteAvc1(Mp4Writer w, TrackConfig track)
    {
        var sps = track.Sps.Span;
        var pps = track.Pps.Span;
        if (sps.Length < 4) throw new ArgumentException("The SPS is too short to carry profile and level.", nameof(track));

        var avc1 = w.BeginBox("avc1"u8);
        w.Zeros(6);
        w.U16(1); // data_reference_index
        w.Zeros(16); // pre_defined, reserved
        w.U16((ushort)track.Width);
        w.U16((ushort)track.Height);
        w.U32(0x00480000); // 72 dpi
        w.U32(0x00480000);
        w.U32(0);
        w.U16(1); // frame_count
        w.Zeros(32); // compressorname
        w.U16(0x0018); // depth
        w.U16(0xFFFF); // pre_defined = -1

        // AVCDecoderConfigurationRecord, ISO/IEC 14496-15 5.3.3.1.
        var avcC = w.BeginBox("avcC"u8);
        w.U8(1);
        w.U8(sps[1]); // profile_idc
        w.U8(sps[2]); // constraint flags
        w.U8(sps[3]); // level_idc
        w.U8(0xFF); // lengthSizeMinusOne = 3: AccessUnit data is 4-byte AVCC
        w.U8(0xE1); // one SPS
        w.U16((ushort)sps.Length);
        w.Bytes(sps);
        w.U8(1);
        w.U16((ushort)pps.Length);
        w.Bytes(pps);
        if (sps[1] is 100 or 110 or 122 or 144)
        {
            // High profiles carry the chroma format and bit depths; WebRTC and x264 defaults are 4:2:0, 8 bit.
            w.U8(0xFC | 1);
            w.U8(0xF8);
            w.U8(0xF8);
            w.U8(0);
        }

        w.EndBox(avcC);
        w.EndBox(avc1);
    }

    private static void WriteAudioSampleEntryHeader(Mp4Writer w, int channels, int sampleRate)
    {
        w.Zeros(6);
        w.U16(1); // data_reference_index
        w.Zeros(8);
        w.U16((ushort)channels);
        w.U16(16); // samplesize
        w.U16(0);
        w.U16(0);
        w.U32((uint)Math.Min(sampleRate, 0xFFFF) << 16);
    }

    private static void WriteOpus(Mp4Writer w, TrackConfig track)
    {
        var channels = track.Channels > 0 ? track.Channels : 2;
        var opus = w.BeginBox("Opus"u8);
        WriteAudioSampleEntryHeader(w, channels, 48_000);

        // OpusSpecificBox, "Encapsulation of Opus in ISO Base Media File Format" 4.3.2.
        var dOps = w.BeginBox("dOps"u8);
        w.U8(0); // Version
        w.U8((byte)channels);
        w.U16(0); // PreSkip: WebRTC packets carry no pre-skip; 0 keeps audio aligned with video
        w.U32((uint)(track.SampleRate > 0 ? track.SampleRate : 48_000)); // InputSampleRate
        w.U16(0); // OutputGain
        w.U8(0); // ChannelMappingFamily 0: mono or stereo
        w.EndBox(dOps);
        w.EndBox(opus);
    }

    private static void WriteMp4a(Mp4Writer w, TrackConfig track)
    {
        var asc = track.AudioSpecificConfig.Span;
        var mp4a = w.BeginBox("mp4a"u8);
        WriteAudioSampleEntryHeader(w, track.Channels > 0 ? track.Channels : 2, TimescaleOf(track));

        // ES_Descriptor, ISO/IEC 14496-1 7.2.6.5; lengths fit one byte for any real AudioSpecificConfig.
        var esds = w.BeginFullBox("esds"u8, 0, 0);
        w.U8(0x03);
        w.U8((byte)(3 + 2 + 13 + 2 + asc.Length + 3));
        w.U16(0); // ES_ID
        w.U8(0); // flags
        w.U8(0x04); // DecoderConfigDescriptor
        w.U8((byte)(13 + 2 + asc.Length));
        w.U8(0x40); // objectTypeIndication: MPEG-4 audio
        w.U8(0x15); // streamType audio (5) << 2 | reserved 1
        w.U24(0); // bufferSizeDB
        w.U32(0); // maxBitrate
        w.U32(0); // avgBitrate
        w.U8(0x05); // DecoderSpecificInfo
        w.U8((byte)asc.Length);
        w.Bytes(asc);
        w.U8(0x06); // SLConfigDescriptor
        w.U8(1);
        w.U8(0x02); // predefined: MP4
        w.EndBox(esds);
        w.EndBox(mp4a);
    }

    private static void WriteMatrix(Mp4Writer w)
    {
        foreach (var value in IdentityMatrix)
        {
            w.U32(value);
        }
    }
}

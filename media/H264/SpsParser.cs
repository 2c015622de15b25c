namespace Stagecast.Media.H264;

/// <summary>What the ingest needs from a sequence parameter set (ITU-T H.264 §7.3.2.1.1).</summary>
public readonly record struct SpsInfo(int ProfileIdc, int ConstraintFlags, int LevelIdc, int Width, int Height);

/// <summary>Reads profile, level and the cropped picture size from an SPS NAL unit (header included).</summary>
public static class SpsParser
{
    public static bool TryParse(ReadOnlySpan<byte> nal, out SpsInfo info)
    {
        info = default;
        if (nal.Length < 4 || (nal[0] & 0x1F) != 7 || nal.Length > 1024)
        {
            return false;
        }
        // §7.4.1: drop emulation prevention bytes (00 00 03 -> 00 00) before reading bits.
        Span<byte> rbsp = stackalloc byte[nal.Length];
        int n = 0;
        int zeros = 0;
        for (int i = 1; i < nal.Length; i++)
        {
            byte b = nal[i];
            if (zeros >= 2 && b == 3)
            {
                zeros = 0;
                continue;
            }
            zeros = b == 0 ? zeros + 1 : 0;
            rbsp[n++] = b;
        }
        var r = new BitReader(rbsp.Slice(0, n));
        int profile = (int)r.Bits(8);
        int constraints = (int)r.Bits(8);
        int level = (int)r.Bits(8);
        r.Ue(); // seq_parameter_set_id
        int chromaFormat = 1;
        if (profile is 100 or 110 or 122 or 244 or 44 or 83 or 86 or 118 or 128 or 138 or 139 or 134 or 135)
        {
            chromaFormat = (int)r.Ue();
            if (chromaFormat == 3)
            {
                r.Bits(1); // separate_colour_plane_flag
            }
            r.Ue(); // bit_depth_luma_minus8
            r.Ue(); // bit_depth_chroma_minus8
            r.Bits(1); // qpprime_y_zero_transform_bypass_flag
            if (r.Bits(1) == 1)
            {
                int lists = chromaFormat != 3 ? 8 : 12;
                for (int i = 0; i < lists; i++)
                {
                    if (r.Bits(1) == 1)
                    {
                        SkipScalingList(ref r, i < 6 ? 16 : 64);
                    }
                }
            }
        }
        r.Ue(); // log2_max_frame_num_minus4
        uint pocType = r.Ue();
        if (pocType == 0)
        {
            r.Ue();
        }
        else if (pocType == 1)
        {
            r.Bits(1);
            r.Se();
            r.Se();
            uint cycle = r.Ue();
            if (cycle > 255)
            {
                return false;
            }
            for (uint i = 0; i < cycle; i++)
            {
                r.Se();
            }
        }
        r.Ue(); // max_num_ref_frames
        r.Bits(1); // gaps_in_frame_num_value_allowed_flag
        uint widthMbs = r.Ue() + 1;
        uint heightMapUnits = r.Ue() + 1;
        uint frameMbsOnly = r.Bits(1);
        if (frameMbsOnly == 0)
        {
            r.Bits(1); // mb_adaptive_frame_field_flag
        }
        r.Bits(1); // direct_8x8_inference_flag
        uint cropLeft = 0, cropRight = 0, cropTop = 0, cropBottom = 0;
        if (r.Bits(1) == 1)
        {
            cropLeft = r.Ue();
            cropRight = r.Ue();
            cropTop = r.Ue();
            cropBottom = r.Ue();
        }
        if (r.Overrun || widthMbs > 1024 || heightMapUnits > 1024)
        {
            return false;
        }
        // §7.4.2.1.1: crop units depend on the chroma subsampling and on field coding.
        int subWidthC = chromaFormat is 1 or 2 ? 2 : 1;
        int subHeightC = chromaFormat == 1 ? 2 : 1;
        int cropUnitX = chromaFormat == 0 ? 1 : subWidthC;
        int cropUnitY = (chromaFormat == 0 ? 1 : subHeightC) * (2 - (int)frameMbsOnly);
        long width = widthMbs * 16L - cropUnitX * (long)(cropLeft + cropRight);
        long height = (2 - frameMbsOnly) * heightMapUnits * 16L - cropUnitY * (long)(cropTop + cropBottom);
        if (width <= 0 || height <= 0)
        {
            return false;
        }
        info = new SpsInfo(profile, constraints, level, (int)width, (int)height);
        return true;
    }

    private static void SkipScalingList(ref BitReader r, int size)
    {
        int last = 8, next = 8;
        for (int j = 0; j < size; j++)
        {
            if (next != 0)
            {
                next = (last + r.Se() + 256) % 256;
            }
            last = next == 0 ? last : next;
        }
    }

    private ref struct BitReader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _bit;

        public bool Overrun { get; private set; }

        public uint Bits(int count)
        {
            uint v = 0;
            for (int i = 0; i < count; i++)
            {
                int byteIndex = _bit >> 3;
                if (byteIndex >= _data.Length)
                {
                    Overrun = true;
                    return 0;
                }
                v = (v << 1) | (uint)((_data[byteIndex] >> (7 - (_bit & 7))) & 1);
                _bit++;
            }
            return v;
        }

        /// <summary>Exp-Golomb ue(v) (§9.1).</summary>
        public uint Ue()
        {
            int leadingZeros = 0;
            while (Bits(1) == 0)
            {
                if (Overrun || ++leadingZeros > 31)
                {
                    Overrun = true;
                    return 0;
                }
            }
            return (uint)((1L << leadingZeros) - 1 + Bits(leadingZeros));
        }

        public int Se()
        {
            uint k = Ue();
            return (k & 1) != 0 ? (int)((k + 1) / 2) : -(int)(k / 2);
        }
    }
}

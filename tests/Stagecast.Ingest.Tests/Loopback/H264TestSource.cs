using System.Buffers.Binary;
using System.Diagnostics;

namespace Stagecast.Ingest.Tests.Loopback;

/// <summary>H.264 made by ffmpeg (libx264 baseline), split into access units, and a small RFC 6184 packetizer.</summary>
public static class H264TestSource
{
    public const string FfmpegPath = "/usr/bin/ffmpeg";
    public const string FfprobePath = "/usr/bin/ffprobe";

    private static readonly object Gate = new();
    private static readonly Dictionary<string, List<List<byte[]>>> Cache = [];

    /// <summary>Access units (lists of NAL units without start codes) of a testsrc clip.</summary>
    public static List<List<byte[]>> AccessUnits(int width, int height, int frames, int gop = 30)
    {
        string key = $"{width}x{height}x{frames}x{gop}";
        lock (Gate)
        {
            if (Cache.TryGetValue(key, out var cached))
            {
                return cached;
            }
            string file = Path.Combine(Path.GetTempPath(), $"stagecast-ingest-{key}-{Environment.ProcessId}.h264");
            Run(FfmpegPath, $"-hide_banner -loglevel error -y -f lavfi -i testsrc=size={width}x{height}:rate=30 -frames:v {frames} " +
                            $"-c:v libx264 -profile:v baseline -pix_fmt yuv420p -g {gop} -bf 0 -x264-params slices=1 -f h264 {file}");
            var units = SplitAccessUnits(File.ReadAllBytes(file));
            File.Delete(file);
            Cache[key] = units;
            return units;
        }
    }

    public static string Run(string exe, string args)
    {
        var psi = new ProcessStartInfo(exe, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000))
        {
            p.Kill();
            throw new TimeoutException($"{exe} did not finish");
        }
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{exe} {args} failed: {stderr.Result}");
        }
        return stdout.Result;
    }

    public static List<byte[]> SplitNals(ReadOnlySpan<byte> annexB)
    {
        var nals = new List<byte[]>();
        int i = 0;
        int start = -1;
        while (i + 3 <= annexB.Length)
        {
            if (annexB[i] == 0 && annexB[i + 1] == 0 && annexB[i + 2] == 1)
            {
                if (start >= 0)
                {
                    int end = i;
                    while (end > start && annexB[end - 1] == 0)
                    {
                        end--;
                    }
                    nals.Add(annexB.Slice(start, end - start).ToArray());
                }
                i += 3;
                start = i;
            }
            else
            {
                i++;
            }
        }
        if (start >= 0 && start < annexB.Length)
        {
            nals.Add(annexB.Slice(start).ToArray());
        }
        return nals;
    }

    /// <summary>One slice per picture: an access unit is the non-VCL NALs before a slice plus the slice.</summary>
    public static List<List<byte[]>> SplitAccessUnits(ReadOnlySpan<byte> annexB)
    {
        var units = new List<List<byte[]>>();
        var current = new List<byte[]>();
        foreach (var nal in SplitNals(annexB))
        {
            current.Add(nal);
            int type = nal[0] & 0x1F;
            if (type is 1 or 5)
            {
                units.Add(current);
                current = [];
            }
        }
        return units;
    }

    /// <summary>
    /// RFC 6184 mode 1: SPS and PPS together in a STAP-A (as Chrome does), NALs up to
    /// <paramref name="mtu"/> as single NAL packets, bigger ones as FU-A. Marker on the last packet.
    /// </summary>
    public static List<byte[]> Packetize(List<byte[]> accessUnit, byte pt, ushort firstSeq, uint timestamp, uint ssrc, int mtu = 1100)
    {
        var payloads = new List<byte[]>();
        var parameterSets = accessUnit.Where(n => (n[0] & 0x1F) is 7 or 8).ToList();
        if (parameterSets.Count > 0)
        {
            var stap = new List<byte> { (byte)((parameterSets.Max(n => n[0] & 0x60)) | 24) };
            foreach (var ps in parameterSets)
            {
                stap.Add((byte)(ps.Length >> 8));
                stap.Add((byte)ps.Length);
                stap.AddRange(ps);
            }
            payloads.Add(stap.ToArray());
        }
        foreach (var nal in accessUnit.Where(n => (n[0] & 0x1F) is not (7 or 8)))
        {
            if (nal.Length <= mtu)
            {
                payloads.Add(nal);
                continue;
            }
            byte indicator = (byte)((nal[0] & 0xE0) | 28);
            int pos = 1;
            while (pos < nal.Length)
            {
                int chunk = Math.Min(mtu - 2, nal.Length - pos);
                byte header = (byte)(nal[0] & 0x1F);
                if (pos == 1)
                {
                    header |= 0x80;
                }
                if (pos + chunk == nal.Length)
                {
                    header |= 0x40;
                }
                var fu = new byte[2 + chunk];
                fu[0] = indicator;
                fu[1] = header;
                nal.AsSpan(pos, chunk).CopyTo(fu.AsSpan(2));
                payloads.Add(fu);
                pos += chunk;
            }
        }
        var packets = new List<byte[]>();
        for (int i = 0; i < payloads.Count; i++)
        {
            var p = new byte[12 + payloads[i].Length];
            p[0] = 0x80;
            p[1] = (byte)(pt | (i == payloads.Count - 1 ? 0x80 : 0));
            BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(2), (ushort)(firstSeq + i));
            BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(4), timestamp);
            BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(8), ssrc);
            payloads[i].CopyTo(p, 12);
            packets.Add(p);
        }
        return packets;
    }

    /// <summary>ffprobe's codec_name, width and height of the first video stream in an Annex-B file.</summary>
    public static (string Codec, int Width, int Height) Probe(string file)
    {
        var output = Run(FfprobePath, $"-v error -select_streams v:0 -show_entries stream=codec_name,width,height -of default=nw=1 {file}");
        var values = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        return (values.GetValueOrDefault("codec_name", ""), int.Parse(values.GetValueOrDefault("width", "0")),
            int.Parse(values.GetValueOrDefault("height", "0")));
    }
}

using Stagecast.Ingest.Tests.Loopback;

/// <summary>The load tools' H.264 clip: 150 frames of 1280x720 testsrc2 at 30 fps, CBR, a keyframe every 2 s, made once by ffmpeg.</summary>
internal static class Clip
{
    public static List<List<byte[]>> Make(int kbps)
    {
        string file = Path.Combine(Path.GetTempPath(), $"stagecast-load-{kbps}.h264");
        if (!File.Exists(file))
        {
            H264TestSource.Run(H264TestSource.FfmpegPath, $"-hide_banner -loglevel error -y -f lavfi -i testsrc2=size=1280x720:rate=30 -frames:v 150 " +
                $"-c:v libx264 -profile:v baseline -preset veryfast -b:v {kbps}k -maxrate {kbps}k -bufsize {kbps * 2}k -g 60 -bf 0 " +
                $"-x264-params slices=1:nal-hrd=cbr -f h264 {file}");
        }
        return H264TestSource.SplitAccessUnits(File.ReadAllBytes(file));
    }
}

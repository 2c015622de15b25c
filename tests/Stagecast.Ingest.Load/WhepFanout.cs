using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using Stagecast.Ingest.Tests.Loopback;
using Stagecast.Media.Ice;
using Stagecast.Media.Whip;

/// <summary>
/// WHEP fan-out on one ingest server (issue 16's "viewers one gateway serves at 2.5 Mbit/s"): one simulated WHIP
/// publisher replays the clip at 30 fps; N viewers each do a real ICE check and DTLS handshake and get their own
/// rewritten, SRTP-encrypted copy of every packet over loopback. A few sampled viewers read and decrypt everything and
/// time each frame from the publisher's send to its last packet's arrival; the others stop reading after the
/// handshake (the kernel drops for them), so the viewers' own work does not take the cores from the server. The
/// server's cost is the CPU of its socket threads (the fan-out runs on the publisher's receive thread), read from
/// /proc per thread. Viewers send a receiver report every 2 s, as browsers do, so the server keeps them.
/// </summary>
internal static class WhepFanout
{
    private const string Room = "fanout";

    public static void Run(string[] args)
    {
        string Arg(string name, string fallback)
        {
            int i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        var counts = Arg("--whep", "100").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        int seconds = int.Parse(Arg("--seconds", "10"), CultureInfo.InvariantCulture);
        int kbps = int.Parse(Arg("--kbps", "2500"), CultureInfo.InvariantCulture);
        int sampled = int.Parse(Arg("--sampled", "8"), CultureInfo.InvariantCulture);
        DatagramBatch.UseSendMany = Array.IndexOf(args, "--no-batch") < 0;
        int shardSize = int.Parse(Arg("--shard", "150"), CultureInfo.InvariantCulture);

        Console.Error.WriteLine($"encoding a 1280x720 30 fps clip at {kbps} kbit/s with ffmpeg...");
        var frames = Clip.Make(kbps).Select(unit => H264TestSource.Packetize(unit, 103, 0, 0, 0, mtu: 1150)).ToList();
        double clipKbps = frames.Sum(f => f.Sum(p => p.Length)) * 8.0 / (frames.Count / 30.0) / 1000;
        Console.WriteLine($"cores={Environment.ProcessorCount} seconds={seconds} kbps={clipKbps:F0} sampled={sampled} " +
            $"send={(DatagramBatch.UseSendMany ? "sendmmsg batches" : "one datagram per call")} shard={shardSize}");
        Console.WriteLine("| viewers | Mbit/s out | server CPU (% of one core) | server CPU per viewer-second | process CPU | sampled frames received | frame delay p50 / p99 / max |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
        foreach (int n in counts)
        {
            RunStep(n, Math.Min(sampled, n), seconds, frames, clipKbps, shardSize);
        }
    }

    private static void RunStep(int n, int sampled, int seconds, List<List<byte[]>> frames, double clipKbps, int shardSize)
    {
        var options = new IngestOptions { UdpPort = 0, WhepShardSize = shardSize };
        using var server = new IngestServer(options, new CountingFactory()) { MaxViewers = n + 10 };
        server.Start();
        using var publisher = new WhipTestClient();
        var session = server.CreateSession(Room, publisher.CreateOffer(audio: false));
        publisher.ApplyAnswer(session.AnswerSdp!);
        if (!publisher.CheckConnectivity(TimeSpan.FromSeconds(10))) throw new InvalidOperationException("publisher ICE check failed");
        publisher.Handshake();

        int frameSlots = 1 << 16;
        var sentAt = new long[frameSlots];
        long measureFromFrame = long.MaxValue;
        var delays = new List<double>();
        long framesReceived = 0;
        var viewers = new WhipTestClient[n];
        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var viewer = new WhipTestClient();
            var created = server.CreateViewer(Room, viewer.CreateOffer(audio: false, direction: "recvonly"));
            if (created.AnswerSdp is null) throw new InvalidOperationException($"viewer {i}: {created.Status} {created.Reason}");
            viewer.ApplyAnswer(created.AnswerSdp);
            if (!viewer.CheckConnectivity(TimeSpan.FromSeconds(10))) throw new InvalidOperationException($"viewer {i}: ICE check failed");
            viewer.Handshake();
            if (i < sampled)
            {
                viewer.MediaReceived = packet =>
                {
                    if (packet.Length < 12 || (packet[1] & 0x80) == 0) return; // the marker ends a frame
                    long frame = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(4)) / 3000;
                    if (frame < Volatile.Read(ref measureFromFrame)) return;
                    double ms = Stopwatch.GetElapsedTime(Volatile.Read(ref sentAt[frame % frameSlots])).TotalMilliseconds;
                    lock (delays) delays.Add(ms);
                    Interlocked.Increment(ref framesReceived);
                };
            }
            else
            {
                viewer.StopReading();
            }
            viewers[i] = viewer;
        });

        var rr = new byte[8];
        rr[0] = 0x80;
        rr[1] = 201;
        rr[3] = 1;
        ushort seq = 0;
        long frameIndex = 0;
        long framesInWindow = 0;
        double warmup = 3.0;
        var clock = Stopwatch.StartNew();
        double lastReport = -10;
        (double Server, double Process) cpuStart = default;
        while (clock.Elapsed.TotalSeconds < warmup + seconds)
        {
            if (measureFromFrame == long.MaxValue && clock.Elapsed.TotalSeconds >= warmup)
            {
                cpuStart = Cpu();
                Volatile.Write(ref measureFromFrame, frameIndex);
            }
            if (clock.Elapsed.TotalSeconds - lastReport >= 2)
            {
                lastReport = clock.Elapsed.TotalSeconds;
                for (int i = 0; i < n; i++)
                {
                    BinaryPrimitives.WriteUInt32BigEndian(rr.AsSpan(4), (uint)(0x20000 + i));
                    viewers[i].SendRtcp(rr);
                }
            }

            Volatile.Write(ref sentAt[frameIndex % frameSlots], Stopwatch.GetTimestamp());
            foreach (var packet in frames[(int)(frameIndex % frames.Count)])
            {
                publisher.SendRtp(packet, seq++, (uint)(frameIndex * 3000), 0x10000);
            }
            if (frameIndex >= measureFromFrame) framesInWindow++;
            frameIndex++;
            double wait = frameIndex / 30.0 - clock.Elapsed.TotalSeconds;
            if (wait > 0) Thread.Sleep(TimeSpan.FromSeconds(wait));
        }
        var cpuEnd = Cpu();
        Thread.Sleep(500); // the last frames land
        double serverPct = (cpuEnd.Server - cpuStart.Server) / seconds * 100;
        double processPct = (cpuEnd.Process - cpuStart.Process) / seconds * 100;
        double[] sorted;
        lock (delays) sorted = [.. delays.Order()];
        string Pct(double q) => sorted.Length == 0 ? "-" : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))].ToString("F1", CultureInfo.InvariantCulture);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {n} | {n * clipKbps / 1000:F0} | {serverPct:F0} % | {serverPct * 10 / n:F2} ms | {processPct:F0} % | " +
            $"{Interlocked.Read(ref framesReceived)} of {framesInWindow * sampled} | {Pct(0.5)} / {Pct(0.99)} / {(sorted.Length == 0 ? "-" : sorted[^1].ToString("F1", CultureInfo.InvariantCulture))} ms |"));
        foreach (var viewer in viewers) viewer.Dispose();
    }

    /// <summary>
    /// CPU seconds so far: the server's socket threads ("ice-udp ...") and fan-out helpers ("whep-fanout-N"), and the
    /// whole process, from /proc.
    /// </summary>
    private static (double Server, double Process) Cpu()
    {
        double server = 0;
        foreach (var task in Directory.GetDirectories("/proc/self/task"))
        {
            try
            {
                var comm = File.ReadAllText(Path.Combine(task, "comm"));
                if (!comm.StartsWith("ice-udp", StringComparison.Ordinal) && !comm.StartsWith("whep-fanout", StringComparison.Ordinal)) continue;
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                // Fields 14 and 15 of stat (utime, stime) in clock ticks of 1/100 s; the split starts at field 3.
                server += (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
            }
            catch (IOException)
            {
                // The thread ended meanwhile.
            }
        }
        using var process = Process.GetCurrentProcess();
        return (server, process.TotalProcessorTime.TotalSeconds);
    }
}

using System.Diagnostics;
using System.Globalization;
using Stagecast.Ingest.Tests.Loopback;
using Stagecast.Media.AccessUnits;
using Stagecast.Media.Whip;

// Load generator for the WHIP ingest: N simulated publishers (real ICE check, DTLS handshake, SRTP) replay an
// ffmpeg-made H.264 clip at the given bitrate over loopback into one in-process IngestServer.
// Usage: dotnet run -c Release --project tests/Stagecast.Ingest.Load -- [--streams 1,10,20] [--seconds 10] [--kbps 2500]
// WHEP fan-out instead: [--whep 100,300] [--sampled 8] [--no-batch] [--shard 150]: one publisher, N viewers (see WhepFanout.cs).
if (Array.IndexOf(args, "--whep") >= 0)
{
    WhepFanout.Run(args);
    return;
}

var streamsList = Arg("--streams", "1,5,10,20,40").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
int seconds = int.Parse(Arg("--seconds", "10"), CultureInfo.InvariantCulture);
int kbps = int.Parse(Arg("--kbps", "2500"), CultureInfo.InvariantCulture);

Console.Error.WriteLine($"encoding a 1280x720 30 fps clip at {kbps} kbit/s with ffmpeg...");
var clip = Clip.Make(kbps);
var frames = clip.Select(unit => H264TestSource.Packetize(unit, 103, 0, 0, 0, mtu: 1150)).ToList();
double clipKbps = frames.Sum(f => f.Sum(p => p.Length)) * 8.0 / (frames.Count / 30.0) / 1000;
Console.Error.WriteLine($"clip: {frames.Count} frames, {frames.Sum(f => f.Count)} packets, {clipKbps:F0} kbit/s of RTP");
Console.WriteLine($"cores={Environment.ProcessorCount} seconds={seconds} kbps={clipKbps:F0}");
Console.WriteLine("| publishers | total Mbit/s | CPU (% of one core) | CPU per publisher | frames sent | frames received | packets lost | SRTP auth failures |");
Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
foreach (int n in streamsList)
{
    RunStep(n);
}

void RunStep(int n)
{
    var outputs = new CountingFactory();
    using var server = new IngestServer(new IngestOptions { UdpPort = 0 }, outputs);
    server.Start();
    var clients = new List<WhipTestClient>();
    for (int i = 0; i < n; i++)
    {
        var client = new WhipTestClient();
        var result = server.CreateSession($"load-{i}", client.CreateOffer(audio: false));
        client.ApplyAnswer(result.AnswerSdp!);
        if (!client.CheckConnectivity(TimeSpan.FromSeconds(10)))
        {
            throw new InvalidOperationException("ICE check failed");
        }
        client.Handshake();
        clients.Add(client);
    }
    var seq = new ushort[n];
    var ts = new uint[n];
    long framesSent = 0;
    var clock = Stopwatch.StartNew();
    var process = Process.GetCurrentProcess();
    TimeSpan cpuStart = TimeSpan.Zero;
    long sentAtStart = 0, receivedAtStart = 0;
    bool measuring = false;
    double warmup = 2.0;
    long frameIndex = 0;
    // One sender thread paces every publisher at 30 frames per second.
    while (clock.Elapsed.TotalSeconds < warmup + seconds)
    {
        if (!measuring && clock.Elapsed.TotalSeconds >= warmup)
        {
            measuring = true;
            process.Refresh();
            cpuStart = process.TotalProcessorTime;
            sentAtStart = framesSent;
            receivedAtStart = outputs.Frames;
        }
        var packets = frames[(int)(frameIndex % frames.Count)];
        for (int i = 0; i < n; i++)
        {
            foreach (var p in packets)
            {
                clients[i].SendRtp(p, seq[i]++, ts[i], (uint)(0x10000 + i));
            }
            ts[i] += 3000;
            framesSent++;
        }
        frameIndex++;
        double due = frameIndex / 30.0;
        double wait = due - clock.Elapsed.TotalSeconds;
        if (wait > 0)
        {
            Thread.Sleep(TimeSpan.FromSeconds(wait));
        }
    }
    process.Refresh();
    var cpu = process.TotalProcessorTime - cpuStart;
    Thread.Sleep(500); // let the last packets land
    long sent = framesSent - sentAtStart;
    long received = outputs.Frames - receivedAtStart;
    long lost = server.Sessions.Sum(s => s.Health.PacketsLost);
    long authFailures = server.Sessions.Sum(s => s.SrtpAuthFailures);
    double cpuPct = cpu.TotalSeconds / seconds * 100;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {n} | {n * clipKbps / 1000:F1} | {cpuPct:F0} % | {cpuPct / n:F1} % | {sent} | {received} | {lost} | {authFailures} |"));
    foreach (var c in clients)
    {
        c.Dispose();
    }
}

string Arg(string name, string fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

internal sealed class CountingFactory : ILiveOutputFactory
{
    private long _frames;

    public long Frames => Interlocked.Read(ref _frames);

    public IAccessUnitSink Open(string roomId) => new Sink(this);

    private sealed class Sink(CountingFactory owner) : IAccessUnitSink
    {
        public void OnTrackConfig(TrackConfig config)
        {
        }

        public void OnAccessUnit(in AccessUnit unit)
        {
            if (unit.TrackId == 1)
            {
                Interlocked.Increment(ref owner._frames);
            }
        }

        public void OnEnd()
        {
        }
    }
}

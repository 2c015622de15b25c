using Stagecast.TestInfrastructure;

namespace Stagecast.Videos.Tests;

/// <summary>A processing job survives the process that ran it: the video's reminder starts it again after a restart.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task A_job_interrupted_by_a_restart_finishes_after_it()
    {
        using var data = new TempDirectory("stagecast-videos-restart");
        string videoId;
        string token;
        var settings = new Dictionary<string, string?> { ["Stagecast:SiloPort"] = FreePort.Tcp().ToString(), ["Stagecast:GatewayPort"] = FreePort.Tcp().ToString() };
        await using (var first = await GatewayHost.StartEmbeddedAsync(data.Path, settings))
        {
            (_, token) = await first.RegisterAsync();
            videoId = await VideoApi.UploadOkAsync(first, token, await SampleMedia.VideoAsync(1280, 720, 8), "long one #restart");
            // Stop while ffmpeg is at work.
            await VideoApi.WaitForStatusAsync(first, videoId, "processing");
        }
        await using var second = await GatewayHost.StartEmbeddedAsync(data.Path, settings);
        var video = await VideoApi.WaitForStatusAsync(second, videoId, "ready");
        Assert.Equal("ready", video.GetProperty("status").GetString());
        var probe = await SampleMedia.ProbeAsync(video.GetProperty("hlsUrl").GetString()!);
        Assert.InRange(double.Parse(probe.GetProperty("format").GetProperty("duration").GetString()!, System.Globalization.CultureInfo.InvariantCulture), 7.5, 8.5);
        // No transcode working directory is left behind by the interrupted run.
        Assert.Empty(Directory.EnumerateDirectories(Path.GetTempPath(), $"stagecast-transcode-{videoId}-*"));
    }
}

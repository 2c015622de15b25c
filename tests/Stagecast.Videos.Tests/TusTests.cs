using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Stagecast.TestInfrastructure;

namespace Stagecast.Videos.Tests;

/// <summary>Resumable upload over tus 1.0 (core, creation, termination), like a mobile client on a bad network.</summary>
public sealed class TusTests
{
    [Fact]
    public async Task A_resumable_upload_survives_a_broken_connection_and_becomes_a_playable_video()
    {
        await using var host = await GatewayHost.StartEmbeddedAsync();
        var (_, token) = await host.RegisterAsync();
        using var client = Tus(host, token);
        var bytes = await File.ReadAllBytesAsync(await SampleMedia.VideoAsync(640, 360));

        var options = await client.SendAsync(new HttpRequestMessage(HttpMethod.Options, "/api/videos/uploads"));
        Assert.Equal("1.0.0", options.Headers.GetValues("Tus-Version").Single());
        Assert.Contains("termination", options.Headers.GetValues("Tus-Extension").Single());

        var location = await CreateAsync(client, bytes.Length, "resumed #tus");
        // The first half arrives, then the connection breaks part-way through the second PATCH.
        var half = bytes.Length / 2;
        Assert.Equal(HttpStatusCode.NoContent, (await PatchAsync(client, location, 0, bytes[..half])).StatusCode);
        var broken = new HttpRequestMessage(HttpMethod.Patch, location) { Content = new StreamContent(new BreakingStream(bytes[half..], 4096)) };
        broken.Content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
        broken.Headers.Add("Upload-Offset", half.ToString());
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.SendAsync(broken));

        // The client asks where to resume: the server kept what it received.
        var offset = await Eventually.ValueAsync(async () => await OffsetAsync(client, location), o => o >= half, "offset after the break", 20);
        Assert.InRange(offset, half, bytes.Length - 1);
        var wrong = await PatchAsync(client, location, half - 1, bytes[(half - 1)..]);
        await VideoApi.IsProblemAsync(wrong, HttpStatusCode.Conflict, "offset_mismatch");
        var last = await PatchAsync(client, location, offset, bytes[(int)offset..]);
        Assert.Equal(HttpStatusCode.NoContent, last.StatusCode);
        Assert.Equal(bytes.Length.ToString(), last.Headers.GetValues("Upload-Offset").Single());
        var videoId = last.Headers.GetValues("Stagecast-Video-Id").Single();

        var video = await VideoApi.WaitForStatusAsync(host, videoId, "ready");
        Assert.Equal("ready", video.GetProperty("status").GetString());
        Assert.Equal("resumed #tus", video.GetProperty("caption").GetString());
        var probe = await SampleMedia.ProbeAsync(video.GetProperty("hlsUrl").GetString()!);
        Assert.Contains(probe.GetProperty("streams").EnumerateArray(), s => s.GetProperty("codec_name").GetString() == "h264");
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(host.DataDirectory, "videos", "staging"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Termination_removes_the_upload_and_refusals_follow_the_protocol()
    {
        await using var host = await GatewayHost.StartEmbeddedAsync(settings: new Dictionary<string, string?> { ["Videos:MaxUploadBytes"] = "100000" });
        var (_, token) = await host.RegisterAsync();
        var (_, stranger) = await host.RegisterAsync();
        using var client = Tus(host, token);

        var tooBig = new HttpRequestMessage(HttpMethod.Post, "/api/videos/uploads");
        tooBig.Headers.Add("Upload-Length", "100001");
        await VideoApi.IsProblemAsync(await client.SendAsync(tooBig), HttpStatusCode.RequestEntityTooLarge, "upload_too_large");
        using var plain = host.CreateClient(token);
        var noVersion = new HttpRequestMessage(HttpMethod.Post, "/api/videos/uploads");
        noVersion.Headers.Add("Upload-Length", "10");
        var refused = await plain.SendAsync(noVersion);
        await VideoApi.IsProblemAsync(refused, HttpStatusCode.PreconditionFailed, "tus_version_unsupported");

        var location = await CreateAsync(client, 5000, "bye");
        Assert.Equal(HttpStatusCode.NoContent, (await PatchAsync(client, location, 0, new byte[1000])).StatusCode);
        using var other = Tus(host, stranger);
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync(location)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(location)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, location))).StatusCode);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(host.DataDirectory, "videos", "staging"), "*", SearchOption.AllDirectories));

        // A text file completed over tus is refused like a plain upload, and its bytes are dropped.
        var text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("not a video\n", 100)));
        var textLocation = await CreateAsync(client, text.Length, "fake");
        await VideoApi.IsProblemAsync(await PatchAsync(client, textLocation, 0, text), HttpStatusCode.UnsupportedMediaType, "not_a_video");
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(host.DataDirectory, "videos", "staging"), "*", SearchOption.AllDirectories));
    }

    internal static HttpClient Tus(GatewayHost host, string token)
    {
        var client = host.CreateClient(token);
        client.DefaultRequestHeaders.Add("Tus-Resumable", "1.0.0");
        return client;
    }

    internal static async Task<string> CreateAsync(HttpClient client, long length, string caption)
    {
        var create = new HttpRequestMessage(HttpMethod.Post, "/api/videos/uploads");
        create.Headers.Add("Upload-Length", length.ToString());
        create.Headers.Add("Upload-Metadata", $"caption {Convert.ToBase64String(Encoding.UTF8.GetBytes(caption))},filename {Convert.ToBase64String("clip.mp4"u8.ToArray())}");
        var created = await client.SendAsync(create);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("1.0.0", created.Headers.GetValues("Tus-Resumable").Single());
        return created.Headers.Location!.ToString();
    }

    internal static Task<HttpResponseMessage> PatchAsync(HttpClient client, string location, long offset, byte[] body)
    {
        var patch = new HttpRequestMessage(HttpMethod.Patch, location) { Content = new ByteArrayContent(body) };
        patch.Content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
        patch.Headers.Add("Upload-Offset", offset.ToString());
        return client.SendAsync(patch);
    }

    internal static async Task<long> OffsetAsync(HttpClient client, string location)
    {
        var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, location));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        return long.Parse(head.Headers.GetValues("Upload-Offset").Single());
    }

    /// <summary>Sends some bytes, then fails like a dropped network connection.</summary>
    private sealed class BreakingStream(byte[] data, int breakAfter) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position >= breakAfter)
            {
                throw new IOException("network dropped");
            }
            var n = Math.Min(Math.Min(count, breakAfter - _position), data.Length - _position);
            Array.Copy(data, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
        {
            var chunk = new byte[buffer.Length];
            var n = Read(chunk, 0, chunk.Length);
            chunk.AsSpan(0, n).CopyTo(buffer.Span);
            return ValueTask.FromResult(n);
        }
    }
}

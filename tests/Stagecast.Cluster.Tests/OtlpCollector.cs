using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Stagecast.TestInfrastructure;

namespace Stagecast.Cluster.Tests;

/// <summary>A small OTLP/HTTP receiver on loopback: keeps every /v1/traces body (protobuf) it is sent.</summary>
public sealed class OtlpCollector : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<byte[]> _bodies = new();
    private readonly Task _listening;

    public OtlpCollector()
    {
        var port = FreePort.Tcp();
        TracesUrl = $"http://127.0.0.1:{port}/v1/traces";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _listening = Task.Run(ListenAsync);
    }

    public string TracesUrl { get; }

    /// <summary>Whether an exported body holds <paramref name="text"/> (OTLP protobuf carries strings as UTF-8).</summary>
    public bool Saw(string text) => _bodies.Any(b => Encoding.UTF8.GetString(b).Contains(text, StringComparison.Ordinal));

    /// <summary>Every span received so far.</summary>
    public IReadOnlyList<OtlpSpan> Spans() => [.. _bodies.SelectMany(OtlpSpan.Read)];

    private async Task ListenAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            using var buffer = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(buffer);
            if (context.Request.Url!.AbsolutePath == "/v1/traces")
            {
                _bodies.Enqueue(buffer.ToArray());
            }
            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _listening;
        _listener.Close();
    }
}

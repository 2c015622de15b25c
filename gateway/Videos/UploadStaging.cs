using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Stagecast.Gateway.Problems;
using Stagecast.Media.Videos;

namespace Stagecast.Gateway.Videos;

/// <summary>
/// Streams a multipart upload (<c>file</c>, <c>caption</c>) to a staging file, counting bytes: never held whole in
/// memory, refused with 413 as soon as it passes the limit, and the partial file deleted whatever happens.
/// </summary>
public sealed class UploadStaging
{
    public const int MaxCaptionLength = 2200;
    // Multipart boundaries, headers and the caption ride on top of the file itself.
    private const long EnvelopeBytes = 64 * 1024;

    private readonly VideoOptions _options;

    public UploadStaging(VideoOptions options, string directory, TimeProvider clock)
    {
        _options = options;
        Directory = directory;
        System.IO.Directory.CreateDirectory(directory);
        // Uploads that died with a crashed process leave .part files: sweep the old ones at start.
        foreach (var stale in System.IO.Directory.EnumerateFiles(directory, "*.part")
            .Where(f => File.GetLastWriteTimeUtc(f) < clock.GetUtcNow().UtcDateTime.AddHours(-1)))
        {
            File.Delete(stale);
        }
    }

    public string Directory { get; }

    /// <summary>
    /// The refusal a request earns by its headers alone (a declared length above the limit, not multipart), before a
    /// byte is read; null when its body may be received.
    /// </summary>
    public IResult? Refuse(HttpRequest request) => Boundary(request, out var error) is null ? error : null;

    /// <summary>The file's size as far as the headers tell: the declared length, or the limit when it is sent chunked.</summary>
    public long DeclaredBytes(HttpRequest request) => Math.Min(request.ContentLength ?? _options.MaxUploadBytes, _options.MaxUploadBytes);

    public async Task<(StagedUpload? Upload, IResult? Error)> ReceiveAsync(HttpContext http, string videoId, CancellationToken ct)
    {
        if (Boundary(http.Request, out var refused) is not { } boundary)
        {
            return (null, refused);
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = _options.MaxUploadBytes + EnvelopeBytes;
        }
        var path = Path.Combine(Directory, videoId + ".part");
        var keep = false;
        try
        {
            var reader = new MultipartReader(boundary, http.Request.Body) { BodyLengthLimit = null };
            string caption = "";
            long bytes = -1;
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                {
                    continue;
                }
                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
                if (name == "caption")
                {
                    using var text = new StreamReader(section.Body, Encoding.UTF8);
                    var buffer = new char[MaxCaptionLength + 1];
                    var read = await text.ReadBlockAsync(buffer, ct);
                    if (read > MaxCaptionLength)
                    {
                        return (null, Problem.BadRequest("invalid_caption", $"caption must be at most {MaxCaptionLength} characters."));
                    }
                    caption = new string(buffer, 0, read).Trim();
                }
                else if (name == "file" && bytes < 0)
                {
                    bytes = await CopyLimitedAsync(section.Body, path, ct);
                    if (bytes > _options.MaxUploadBytes)
                    {
                        return (null, TooLarge());
                    }
                }
            }
            if (bytes <= 0)
            {
                return (null, Problem.BadRequest("missing_file", "The upload needs a non-empty file part named 'file'."));
            }
            keep = true;
            return (new StagedUpload(path, caption, bytes), null);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge());
        }
        finally
        {
            if (!keep)
            {
                File.Delete(path);
            }
        }
    }

    private string? Boundary(HttpRequest request, out IResult? error)
    {
        error = null;
        if (request.ContentLength > _options.MaxUploadBytes + EnvelopeBytes)
        {
            error = TooLarge();
            return null;
        }
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
        {
            error = Problem.Of(415, "multipart_required", "Unsupported media type.", "Send multipart/form-data with a file part and an optional caption.");
            return null;
        }
        return boundary;
    }

    /// <summary>Copies until the limit is passed; returns the byte count (limit + 1 when it stopped early).</summary>
    private async Task<long> CopyLimitedAsync(Stream source, string path, CancellationToken ct)
    {
        await using var sink = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
        var buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = await source.ReadAsync(buffer, ct)) > 0)
        {
            total += n;
            if (total > _options.MaxUploadBytes)
            {
                return total;
            }
            await sink.WriteAsync(buffer.AsMemory(0, n), ct);
        }
        return total;
    }

    private IResult TooLarge() => Problem.Of(StatusCodes.Status413PayloadTooLarge, "upload_too_large", "The upload is too large.",
        $"Videos may be at most {_options.MaxUploadBytes} bytes.", new Dictionary<string, object?> { ["maxBytes"] = _options.MaxUploadBytes });
}

using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Stagecast.Contracts.Videos;
using Stagecast.Gateway.Accounts;
using Stagecast.Gateway.Problems;
using Stagecast.Media.Videos;

namespace Stagecast.Gateway.Videos;

/// <summary>
/// Resumable upload with tus 1.0 (core, creation, termination, expiration) at /api/videos/uploads. The last PATCH
/// that completes the upload turns it into a video like POST /api/videos and answers with Stagecast-Video-Id. An
/// upload without a stored PATCH for <c>Videos:TusExpiryHours</c> expires (410, then swept by its grain: 404). Creation
/// counts against the user's <see cref="UploadQuota"/> (429 <c>upload_quota</c>); the upload's end frees its slot.
/// </summary>
public static class TusEndpoints
{
    public const string Version = "1.0.0";
    public const string VideoIdHeader = "Stagecast-Video-Id";
    private const string OffsetContentType = "application/offset+octet-stream";

    public static IEndpointRouteBuilder MapTusEndpoints(this IEndpointRouteBuilder app)
    {
        var tus = app.MapGroup("/api/videos/uploads").WithTags("Videos").AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            http.Response.Headers["Tus-Resumable"] = Version;
            if (!HttpMethods.IsOptions(http.Request.Method) && http.Request.Headers["Tus-Resumable"] != Version)
            {
                http.Response.Headers["Tus-Version"] = Version;
                return Problem.Of(412, "tus_version_unsupported", "Unsupported tus version.", $"Send Tus-Resumable: {Version}.");
            }
            return await next(context);
        });
        tus.MapMethods("", ["OPTIONS"], Options).AllowAnonymous().WithSummary("tus discovery: version, extensions, maximum size.");
        tus.MapPost("", Create).RequireAuthorization()
            .WithSummary("tus creation: Upload-Length and Upload-Metadata (caption, filename) -> 201 with Location; 429 upload_quota with Retry-After past the user's upload quota.")
            .Produces(201).ProducesProblem(400).ProducesProblem(412).ProducesProblem(413).ProducesProblem(429);
        tus.MapMethods("/{uploadId}", ["HEAD"], Head).RequireAuthorization()
            .WithSummary("tus: the upload's Upload-Offset, Upload-Length and Upload-Expires; 410 once expired.").ProducesProblem(404).ProducesProblem(410);
        tus.MapMethods("/{uploadId}", ["PATCH"], Patch).RequireAuthorization()
            .WithSummary("tus: appends bytes at Upload-Offset; the completing PATCH creates the video (Stagecast-Video-Id header).")
            .Produces(204).ProducesProblem(409).ProducesProblem(410).ProducesProblem(415).ProducesProblem(422);
        tus.MapDelete("/{uploadId}", Terminate).RequireAuthorization().WithSummary("tus termination: drops the upload and its bytes.").Produces(204);
        return app;
    }

    private static IResult Options(HttpContext http, VideoOptions options)
    {
        http.Response.Headers["Tus-Version"] = Version;
        http.Response.Headers["Tus-Extension"] = "creation,termination,expiration";
        http.Response.Headers["Tus-Max-Size"] = options.MaxUploadBytes.ToString();
        return Results.NoContent();
    }

    private static async Task<IResult> Create(HttpContext http, ClaimsPrincipal user, TusStore store, UploadQuota quota, VideoOptions options,
        TimeProvider clock)
    {
        if (!long.TryParse(http.Request.Headers["Upload-Length"], out var length) || length <= 0)
        {
            return Problem.BadRequest("invalid_upload_length", "Upload-Length must be a positive number of bytes (Upload-Defer-Length is not supported).");
        }
        if (length > options.MaxUploadBytes)
        {
            return Problem.Of(413, "upload_too_large", "The upload is too large.", $"Videos may be at most {options.MaxUploadBytes} bytes.",
                new Dictionary<string, object?> { ["maxBytes"] = options.MaxUploadBytes });
        }
        if (!TryMetadata(http.Request.Headers["Upload-Metadata"].ToString(), out var metadata))
        {
            return Problem.BadRequest("invalid_upload_metadata", "Upload-Metadata must be comma-separated 'key base64value' pairs.");
        }
        var caption = metadata.GetValueOrDefault("caption")?.Trim() ?? "";
        if (caption.Length > UploadStaging.MaxCaptionLength)
        {
            return Problem.BadRequest("invalid_caption", $"caption must be at most {UploadStaging.MaxCaptionLength} characters.");
        }
        var id = VideoEndpoints.NewVideoId();
        var userId = user.UserId()!;
        // Counted before the upload exists: a refused one leaves nothing behind, and its declared length is what counts.
        if (await quota.ReserveAsync(http.Response, userId, id, length, resumable: true) is { } refused)
        {
            return refused;
        }
        TusUploadStatus created;
        try
        {
            created = await store.CreateAsync(id, new TusUploadInfo(userId, length, caption, clock.GetUtcNow()));
        }
        catch
        {
            await quota.ReleaseAsync(userId, id);
            throw;
        }
        SetExpires(http, created);
        return Results.Created($"/api/videos/uploads/{id}", null);
    }

    private static async Task<IResult> Head(string uploadId, HttpContext http, ClaimsPrincipal user, TusStore store, TimeProvider clock)
    {
        var found = await store.FindAsync(uploadId);
        if (Refusal(found, user, clock) is { } refused)
        {
            return refused;
        }
        var upload = await store.ResumeAsync(uploadId) ?? found!;
        SetExpires(http, upload);
        http.Response.Headers["Upload-Offset"] = upload.Offset.ToString();
        http.Response.Headers["Upload-Length"] = upload.Info.Length.ToString();
        http.Response.Headers.CacheControl = "no-store";
        return Results.Ok();
    }

    private static async Task<IResult> Patch(string uploadId, HttpContext http, ClaimsPrincipal user, TusStore store, VideoIntake intake,
        UploadQuota quota, TimeProvider clock, CancellationToken ct)
    {
        var found = await store.FindAsync(uploadId);
        if (Refusal(found, user, clock) is { } refused)
        {
            return refused;
        }
        var upload = found!;
        if (!string.Equals(http.Request.ContentType, OffsetContentType, StringComparison.OrdinalIgnoreCase))
        {
            return Problem.Of(415, "offset_octet_stream_required", "Unsupported media type.", $"PATCH bodies are {OffsetContentType}.");
        }
        var length = upload.Info.Length;
        if (!long.TryParse(http.Request.Headers["Upload-Offset"], out var claimed) || claimed != upload.Offset)
        {
            return OffsetMismatch(http, upload.Offset);
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = length - claimed;
        }
        long? offset;
        try
        {
            (offset, var expected) = await store.AppendAsync(uploadId, claimed, length, http.Request.Body, ct);
            if (offset is null)
            {
                return OffsetMismatch(http, expected);
            }
        }
        catch (InvalidDataException)
        {
            return Problem.BadRequest("past_upload_length", "The body runs past Upload-Length.");
        }
        http.Response.Headers["Upload-Offset"] = offset.ToString();
        if (offset < length)
        {
            // The stored PATCH moved the expiry.
            if (await store.FindAsync(uploadId) is { } after)
            {
                SetExpires(http, after);
            }
            return Results.NoContent();
        }
        // Complete (on whichever gateway the last PATCH reached): assemble the chunks and accept it as a video. A
        // client that lost this answer PATCHes again at the full offset with an empty body and gets here again.
        var complete = await store.FindAsync(uploadId);
        if (complete is null)
        {
            return Problem.NotFound("unknown_upload", "No such upload.");
        }
        var path = await store.AssembleAsync(uploadId, complete, ct);
        var (videoId, error) = await intake.AcceptAsync(upload.Info.OwnerId, uploadId, path, upload.Info.Caption, ct);
        await DropAsync(store, quota, uploadId, upload.Info.OwnerId);
        if (videoId is null)
        {
            return error!;
        }
        http.Response.Headers[VideoIdHeader] = videoId;
        http.Response.Headers.Location = $"/api/videos/{videoId}";
        return Results.NoContent();
    }

    /// <summary>404 for an unknown upload or somebody else's, 410 <c>upload_expired</c> for one past its expiry not yet swept.</summary>
    private static IResult? Refusal(TusUploadStatus? upload, ClaimsPrincipal user, TimeProvider clock)
    {
        if (upload is null || upload.Info.OwnerId != user.UserId())
        {
            return Problem.NotFound("unknown_upload", "No such upload.");
        }
        return upload.ExpiresAt != default && upload.ExpiresAt <= clock.GetUtcNow()
            ? Problem.Of(410, "upload_expired", "The upload expired.", "The upload was abandoned too long and is being deleted; start a new one.")
            : null;
    }

    // tus expiration: an RFC 9110 date.
    private static void SetExpires(HttpContext http, TusUploadStatus upload)
    {
        if (upload.ExpiresAt != default)
        {
            http.Response.Headers["Upload-Expires"] = upload.ExpiresAt.ToString("r", CultureInfo.InvariantCulture);
        }
    }

    private static IResult OffsetMismatch(HttpContext http, long offset)
    {
        http.Response.Headers["Upload-Offset"] = offset.ToString();
        return Problem.Conflict("offset_mismatch", $"Upload-Offset must be {offset}.");
    }

    private static async Task<IResult> Terminate(string uploadId, ClaimsPrincipal user, TusStore store, UploadQuota quota)
    {
        if (await store.FindAsync(uploadId) is not { } upload || upload.Info.OwnerId != user.UserId())
        {
            return Problem.NotFound("unknown_upload", "No such upload.");
        }
        await DropAsync(store, quota, uploadId, upload.Info.OwnerId);
        return Results.NoContent();
    }

    /// <summary>
    /// The upload ended (completed, refused at intake, terminated): its bytes and state go, and its unfinished slot in
    /// the owner's quota is freed. An expired one frees its slot without this (the quota asks its grain).
    /// </summary>
    private static async Task DropAsync(TusStore store, UploadQuota quota, string uploadId, string ownerId)
    {
        await store.DeleteAsync(uploadId);
        await quota.ReleaseAsync(ownerId, uploadId);
    }

    private static bool TryMetadata(string header, out Dictionary<string, string> metadata)
    {
        metadata = [];
        foreach (var pair in header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split(' ', 2);
            try
            {
                metadata[parts[0]] = parts.Length == 2 ? Encoding.UTF8.GetString(Convert.FromBase64String(parts[1])) : "";
            }
            catch (FormatException)
            {
                return false;
            }
        }
        return true;
    }
}

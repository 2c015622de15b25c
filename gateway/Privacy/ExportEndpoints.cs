using System.Security.Claims;
using Stagecast.Contracts.Privacy;
using Stagecast.Gateway.Accounts;
using Stagecast.Gateway.Problems;
using Stagecast.Media.Videos;

namespace Stagecast.Gateway.Privacy;

public sealed record ExportStarted(string ExportId, string StatusUrl);

public sealed record ExportView(string ExportId, string Status, int Progress, string? Step, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt,
    long Bytes, string? DownloadUrl, string? Error);

/// <summary>GET /api/me/export (start), GET /api/me/export/{id} (progress), GET /api/me/export/{id}/archive (the zip, owner only).</summary>
public static class ExportEndpoints
{
    public static IEndpointRouteBuilder MapExportEndpoints(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/me/export").WithTags("Privacy").RequireAuthorization();
        foreach (var start in new[] { me.MapGet("", Start), me.MapPost("", Start) })
        {
            start.WithSummary("Starts an export of everything held on the caller (a zip of JSON files and the caller's videos), made in the background.")
                .Produces<ExportStarted>(StatusCodes.Status202Accepted);
        }
        me.MapGet("/{exportId}", Status).WithSummary("An export's progress (0-100) and, once ready, its download URL and expiry.")
            .Produces<ExportView>().ProducesProblem(StatusCodes.Status404NotFound);
        me.MapGet("/{exportId}/archive", Archive).WithSummary("The export's zip, for its owner only, until it expires.")
            .WithDescription("JSON files: account, social, videos, comments, livechat (live-chat comments per room), watch-history " +
                "(videos served and learned interests), recordings (rooms hosted with their recording link, replay videos), reports, subscriptions, wallet, ledger/{table}; then videos/{videoId}/ with the files. " +
                "Schemas: docs/security.md, Privacy.")
            .Produces(StatusCodes.Status200OK, contentType: "application/zip")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status410Gone);
        return app;
    }

    private static async Task<IResult> Start(ClaimsPrincipal user, IGrainFactory grains, PrivacyOptions options)
    {
        var exportId = Guid.CreateVersion7().ToString("N");
        await grains.GetGrain<IDataExportGrain>(exportId).Start(user.UserId()!, TimeSpan.FromHours(options.ExportLifetimeHours));
        var url = $"/api/me/export/{exportId}";
        return Results.Accepted(url, new ExportStarted(exportId, url));
    }

    private static async Task<IResult> Status(string exportId, ClaimsPrincipal user, IGrainFactory grains) =>
        await FindAsync(exportId, user, grains) is { } export ? Results.Ok(View(export)) : Unknown();

    private static async Task<IResult> Archive(string exportId, ClaimsPrincipal user, IGrainFactory grains, IVideoStorage storage, CancellationToken ct)
    {
        var export = await FindAsync(exportId, user, grains);
        switch (export?.Status)
        {
            case null:
                return Unknown();
            case DataExportStatus.Expired:
                return Problem.Of(StatusCodes.Status410Gone, "export_expired", "The export expired.", "The archive was deleted when it expired; start a new export.");
            case not DataExportStatus.Ready:
                return Problem.Conflict("export_not_ready", $"The export is {Word(export.Status)} ({export.Progress} %); download it once it is ready.");
        }
        var stream = await storage.OpenReadAsync(export.StorageKey!, ct);
        return stream is null
            ? Problem.Of(StatusCodes.Status410Gone, "export_expired", "The export expired.", "The archive is no longer stored; start a new export.")
            : Results.File(stream, "application/zip", $"stagecast-export-{exportId}.zip");
    }

    private static async Task<DataExport?> FindAsync(string exportId, ClaimsPrincipal user, IGrainFactory grains) =>
        exportId.Length is > 0 and <= 64 ? await grains.GetGrain<IDataExportGrain>(exportId).Get(user.UserId()!) : null;

    private static ExportView View(DataExport e) => new(e.ExportId, Word(e.Status), e.Progress, e.Step, e.CreatedAt, e.ExpiresAt, e.Bytes,
        e.Status == DataExportStatus.Ready ? $"/api/me/export/{e.ExportId}/archive" : null, e.Error);

    private static string Word(DataExportStatus status) => status.ToString().ToLowerInvariant();

    private static IResult Unknown() => Problem.NotFound("unknown_export", "No export with this id belongs to you.");
}

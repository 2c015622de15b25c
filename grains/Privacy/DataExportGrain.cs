using System.IO.Compression;
using Microsoft.Extensions.Logging;
using Stagecast.Contracts.Privacy;
using Stagecast.Grains.Ledger;
using Stagecast.Grains.Storage;
using Stagecast.Grains.Subscriptions;
using Stagecast.Media.Videos;

namespace Stagecast.Grains.Privacy;

/// <summary>
/// One data export. The job runs inside this activation (<see cref="DataExportArchive"/>) and saves its progress; a
/// reminder restarts it after a crash or restart, and later deletes the archive from storage when it expires.
/// </summary>
public sealed class DataExportGrain(
    [PersistentState("export", "store")] IPersistentState<DataExportState> state,
    LedgerService ledger,
    IRelationalDatabase database,
    IVideoStorage storage,
    IGrainFactory grains,
    ILogger<DataExportGrain> logger) : Grain, IDataExportGrain, IRemindable
{
    private const string Wake = "export";
    private const int MaxAttempts = 3;
    private Task? _job;

    private DataExportState S => state.State;

    private string ExportId => this.GetPrimaryKeyString();

    /// <summary>A job cut off by a crash or restart resumes as soon as anyone asks for it (its owner polling), else on the reminder.</summary>
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S.Status is DataExportStatus.Queued or DataExportStatus.Running)
        {
            StartJob();
        }
        return Task.CompletedTask;
    }

    public async Task<DataExport> Start(string ownerId, TimeSpan lifetime)
    {
        if (S.OwnerId is null)
        {
            state.State = new DataExportState { OwnerId = ownerId, Status = DataExportStatus.Queued, CreatedAt = ledger.Time.GetUtcNow(), Lifetime = lifetime, Step = "queued" };
            await state.WriteStateAsync();
            await this.RegisterOrUpdateReminder(Wake, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
            StartJob();
        }
        return View();
    }

    public async Task<DataExport?> Get(string requesterId)
    {
        if (S.OwnerId != requesterId)
        {
            return null;
        }
        await ExpireIfDueAsync();
        return View();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        await ExpireIfDueAsync();
        if (S.Status is DataExportStatus.Queued or DataExportStatus.Running)
        {
            StartJob();
        }
        else if (S.Status is not DataExportStatus.Ready)
        {
            if (await this.GetReminder(reminderName) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
    }

    private string Prefix => $"exports/{ExportId}/";

    /// <summary>An archive past its expiry is deleted (by the reminder, or at once when it is asked for).</summary>
    private async Task ExpireIfDueAsync()
    {
        if (S.Status is DataExportStatus.Ready && ledger.Time.GetUtcNow() >= S.ExpiresAt)
        {
            await storage.DeletePrefixAsync(Prefix, CancellationToken.None);
            await SaveAsync(S with { Status = DataExportStatus.Expired, StorageKey = null, Step = "expired" });
            logger.LogInformation("Export {ExportId} expired and was deleted", ExportId);
        }
    }

    private void StartJob()
    {
        if (_job is null || _job.IsCompleted)
        {
            // Not awaited: its continuations run on this activation between calls, so Get keeps answering with progress.
            _job = RunAsync();
        }
    }

    private async Task RunAsync()
    {
        this.DelayDeactivation(TimeSpan.FromHours(1));
        var file = Path.Combine(Path.GetTempPath(), $"stagecast-export-{ExportId}.zip");
        try
        {
            if (S.Attempts >= MaxAttempts)
            {
                await SaveAsync(S with { Status = DataExportStatus.Failed, Error = "The export was interrupted too many times; start a new one." });
                return;
            }
            await SaveAsync(S with { Status = DataExportStatus.Running, Progress = 0, Attempts = S.Attempts + 1 });
            await SubscriptionSchema.EnsureAsync(database);
            await using (var stream = File.Create(file))
            using (var zip = new ZipArchive(stream, ZipArchiveMode.Create))
            {
                await new DataExportArchive(grains, ledger, storage, S.OwnerId!).WriteAsync(zip,
                    (percent, step) => SaveAsync(S with { Progress = percent, Step = step }), CancellationToken.None);
            }
            var bytes = new FileInfo(file).Length;
            var key = Prefix + "stagecast-export.zip";
            await storage.PutFileAsync(key, file, move: true, CancellationToken.None);
            await SaveAsync(S with
            {
                Status = DataExportStatus.Ready, Progress = 100, Step = "ready", StorageKey = key, Bytes = bytes,
                ExpiresAt = ledger.Time.GetUtcNow() + S.Lifetime,
            });
            logger.LogInformation("Export {ExportId} of {UserId} ready ({Bytes} bytes)", ExportId, S.OwnerId, bytes);
        }
        catch (Exception e)
        {
            // Left running: the reminder tries again, up to MaxAttempts.
            logger.LogWarning(e, "Export {ExportId} attempt {Attempt} failed", ExportId, S.Attempts);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private async Task SaveAsync(DataExportState next)
    {
        state.State = next;
        await state.WriteStateAsync();
    }

    private DataExport View() => new(ExportId, S.Status, S.Progress, S.Step, S.CreatedAt, S.ExpiresAt, S.Bytes, S.StorageKey, S.Error);
}

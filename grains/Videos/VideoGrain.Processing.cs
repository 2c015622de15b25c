using Microsoft.Extensions.Logging;
using Stagecast.Contracts.Videos;
using Stagecast.Media.Videos;

namespace Stagecast.Grains.Videos;

/// <summary>
/// The processing job. It runs inside this activation (one per video in the cluster), so it never runs twice at
/// once; the reminder restarts it after a crash; the transcoder bounds how many run per silo.
/// </summary>
public sealed partial class VideoGrain
{
    private const string ProcessReminder = "process";
    private const int MaxAttempts = 3;

    private CancellationTokenSource? _job;
    private volatile int _percent;

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == ProcessReminder)
        {
            if (S.Status is VideoStatus.Uploaded or VideoStatus.Processing)
            {
                StartJob();
            }
            else
            {
                return StopReminder();
            }
        }
        return Task.CompletedTask;
    }

    private int Percent() => S.Status switch
    {
        VideoStatus.Ready => 100,
        VideoStatus.Processing => _percent,
        _ => 0,
    };

    private void StartJob()
    {
        if (_job is not null)
        {
            return;
        }
        _job = new CancellationTokenSource();
        // Not awaited: the job's continuations run on this activation between calls, which keep being served.
        _ = RunJob(_job.Token);
    }

    private async Task RunJob(CancellationToken ct)
    {
        this.DelayDeactivation(TimeSpan.FromHours(1));
        try
        {
            if (S.Attempts >= MaxAttempts)
            {
                await Finish(VideoStatus.Failed, [], "Processing was interrupted too many times.");
                return;
            }
            _percent = 0;
            state.State = S with { Status = VideoStatus.Processing, Attempts = S.Attempts + 1 };
            await Save(ct);
            var progress = new PercentProgress(p => _percent = p);
            var job = new TranscodeJob(VideoId, TimeSpan.FromMilliseconds(S.DurationMs), S.Width, S.Height, S.HasAudio);
            var rungs = await transcoder.RunAsync(job, progress, ct);
            await Finish(VideoStatus.Ready, rungs, null);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Deleted or deactivating: the reminder starts the job again if the video still wants it.
            if (S.Status == VideoStatus.Deleted)
            {
                await storage.DeletePrefixAsync(VideoKeys.Prefix(VideoId), CancellationToken.None);
            }
        }
        catch (VideoProcessingException e)
        {
            logger.LogWarning("Video {VideoId} failed processing: {Reason}", VideoId, e.Message);
            await Finish(VideoStatus.Failed, [], "The video could not be processed.");
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            logger.LogError(e, "Video {VideoId} processing error; the reminder retries it", VideoId);
        }
        finally
        {
            _job = null;
        }
    }

    private async Task Finish(VideoStatus status, IReadOnlyList<int> rungs, string? reason)
    {
        if (S.Status == VideoStatus.Deleted)
        {
            await storage.DeletePrefixAsync(VideoKeys.Prefix(VideoId), CancellationToken.None);
            return;
        }
        var finished = S with { Status = status, Renditions = [.. rungs], FailureReason = reason };
        // The catalog first: once GET says ready, the video is in feeds too.
        await Catalog.Upsert(Card(finished));
        state.State = finished;
        await Save();
        await StopReminder();
        logger.LogInformation("Video {VideoId} is {Status}", VideoId, status);
    }

    private async Task StopReminder()
    {
        if (await this.GetReminder(ProcessReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private sealed class PercentProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}

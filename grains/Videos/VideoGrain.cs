using Microsoft.Extensions.Logging;
using Stagecast.Contracts.Videos;
using Stagecast.Media.Videos;

namespace Stagecast.Grains.Videos;

/// <summary>
/// One short video: lifecycle here, the processing job and the engagement counters in the other parts. Counters
/// are kept in memory and written behind on a timer, so a hot video never awaits storage per event.
/// </summary>
public sealed partial class VideoGrain(
    [PersistentState("video", "store")] IPersistentState<VideoState> state,
    IGrainFactory grains,
    VideoTranscoder transcoder,
    IVideoStorage storage,
    TimeProvider clock,
    ILogger<VideoGrain> logger) : Grain, IVideoGrain, IRemindable
{
    private string VideoId => this.GetPrimaryKeyString();

    private VideoState S => state.State;

    private IVideoCatalogGrain Catalog => grains.GetGrain<IVideoCatalogGrain>(0);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(FlushCounters, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2));
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _job?.Cancel();
        await FlushCounters(cancellationToken);
    }

    public async Task<bool> Create(VideoUpload upload)
    {
        if (S.Status != VideoStatus.Unknown)
        {
            return false;
        }
        state.State = new VideoState
        {
            Status = VideoStatus.Uploaded,
            OwnerId = upload.OwnerId,
            OwnerDisplayName = upload.OwnerDisplayName,
            Caption = upload.Caption,
            Hashtags = [.. Hashtags.Parse(upload.Caption)],
            CreatedAt = clock.GetUtcNow(),
            DurationMs = upload.DurationMs,
            Width = upload.Width,
            Height = upload.Height,
            HasAudio = upload.HasAudio,
            Kind = upload.Kind,
            Visibility = VideoVisibility.IsValid(upload.Visibility) ? upload.Visibility : VideoVisibility.Public,
        };
        await Save();
        // The reminder makes the job durable: after a crash or restart it starts the job again.
        await this.RegisterOrUpdateReminder(ProcessReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        await Catalog.Upsert(Card());
        logger.LogInformation("Video {VideoId} ({Kind}) created for {OwnerId}", VideoId, upload.Kind, upload.OwnerId);
        StartJob();
        return true;
    }

    public Task<VideoInfo?> Get() => Task.FromResult(Exists ? new VideoInfo(Card(), Percent(), S.FailureReason, S.Renditions) : null);

    public async Task<VideoResult> SetVisibility(string actorId, string visibility)
    {
        if (!Exists)
        {
            return VideoResult.UnknownVideo;
        }
        if (actorId != S.OwnerId)
        {
            return VideoResult.NotAllowed;
        }
        if (!VideoVisibility.IsValid(visibility))
        {
            return VideoResult.InvalidArgument;
        }
        state.State = S with { Visibility = visibility };
        await Save();
        await Catalog.Upsert(Card());
        return VideoResult.Ok;
    }

    public async Task<VideoResult> Delete(string actorId)
    {
        if (!Exists)
        {
            return VideoResult.UnknownVideo;
        }
        if (actorId != S.OwnerId)
        {
            return VideoResult.NotAllowed;
        }
        _job?.Cancel();
        state.State = S with { Status = VideoStatus.Deleted, Likers = [], Comments = [], RecentEvents = [] };
        await Save();
        await StopReminder();
        await Catalog.Remove(VideoId);
        await storage.DeletePrefixAsync(VideoKeys.Prefix(VideoId), CancellationToken.None);
        logger.LogInformation("Video {VideoId} deleted by its owner", VideoId);
        return VideoResult.Ok;
    }

    private bool Exists => S.Status is not (VideoStatus.Unknown or VideoStatus.Deleted);

    private VideoCard Card() => Card(S);

    private VideoCard Card(VideoState s) => new(VideoId, s.OwnerId, s.OwnerDisplayName, s.Caption, s.Hashtags, s.Status, s.CreatedAt, s.DurationMs, s.Stats, s.Kind, s.Visibility);
}

using Stagecast.Contracts.Media;
using Stagecast.Media.AccessUnits;
using Stagecast.Media.Hls;

namespace Stagecast.Gateway.Media;

/// <summary>
/// The packager as the ingest sees it, plus a note in <see cref="IHlsOriginGrain"/> that this gateway is the
/// room's HLS origin while the session lasts, so every other gateway can proxy to it.
/// </summary>
public sealed class OriginPublishingOutputFactory(
    HlsRoomStore store,
    IGrainFactory grains,
    HlsSelfAddress self,
    ILogger<OriginPublishingOutputFactory> logger) : ILiveOutputFactory
{
    public IAccessUnitSink Open(string roomId)
    {
        var sink = ((ILiveOutputFactory)store).Open(roomId);
        var origin = self.Value;
        Record(roomId, grains.GetGrain<IHlsOriginGrain>(roomId).SetOrigin(origin), "record");
        return new Session(sink, () => Record(roomId, grains.GetGrain<IHlsOriginGrain>(roomId).ClearOrigin(origin), "clear"));
    }

    // The media path never waits on the cluster; a failure only costs other gateways their proxy.
    private void Record(string roomId, Task call, string what) =>
        call.ContinueWith(
            t => logger.LogWarning(t.Exception, "Could not {What} the HLS origin of {RoomId}", what, roomId),
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted,
            TaskScheduler.Default);

    private sealed class Session(IAccessUnitSink inner, Action ended) : IAccessUnitSink
    {
        public void OnTrackConfig(TrackConfig config) => inner.OnTrackConfig(config);

        public void OnAccessUnit(in AccessUnit unit) => inner.OnAccessUnit(in unit);

        public void OnEnd()
        {
            inner.OnEnd();
            ended();
        }
    }
}

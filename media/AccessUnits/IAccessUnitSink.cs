namespace Stagecast.Media.AccessUnits;

/// <summary>
/// Where an ingest (WHIP, a test feeder, a file) hands its output; the HLS packager implements it.
/// Calls for one session come from one thread at a time, in order.
/// </summary>
public interface IAccessUnitSink
{
    /// <summary>A track's configuration, before its first unit and again whenever it changes.</summary>
    void OnTrackConfig(TrackConfig config);

    /// <summary>One access unit; <see cref="AccessUnit.Data"/> must be copied if kept.</summary>
    void OnAccessUnit(in AccessUnit unit);

    /// <summary>The publisher has gone: flush what is pending and close the stream.</summary>
    void OnEnd();
}

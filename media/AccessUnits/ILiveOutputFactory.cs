namespace Stagecast.Media.AccessUnits;

/// <summary>
/// Opens the live output (the HLS packager, a recorder) for one room's media session.
/// The ingest calls <see cref="Open"/> when a publisher's media starts and <see cref="IAccessUnitSink.OnEnd"/> when it stops.
/// </summary>
public interface ILiveOutputFactory
{
    /// <summary>A sink for the room's new media session; a previous session of the same room is ended first.</summary>
    IAccessUnitSink Open(string roomId);
}

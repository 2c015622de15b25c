namespace Stagecast.Media.AccessUnits;

/// <summary>Hands every call to two sinks in order (the packager first, then a second consumer such as WHEP).</summary>
public sealed class TeeSink(IAccessUnitSink first, IAccessUnitSink second) : IAccessUnitSink
{
    public void OnTrackConfig(TrackConfig config)
    {
        first.OnTrackConfig(config);
        second.OnTrackConfig(config);
    }

    public void OnAccessUnit(in AccessUnit unit)
    {
        first.OnAccessUnit(unit);
        second.OnAccessUnit(unit);
    }

    public void OnEnd()
    {
        first.OnEnd();
        second.OnEnd();
    }
}

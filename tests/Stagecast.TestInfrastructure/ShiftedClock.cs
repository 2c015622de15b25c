namespace Stagecast.TestInfrastructure;

/// <summary>
/// The system clock plus an offset a test moves forward, to pass a period measured in days (a cooling-off, an expiry)
/// without waiting. Register it as the app's TimeProvider: <c>configure: b => b.Services.AddSingleton&lt;TimeProvider&gt;(clock)</c>.
/// </summary>
public sealed class ShiftedClock : TimeProvider
{
    private long _offsetTicks;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
}

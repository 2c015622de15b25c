namespace Stagecast.Contracts.Health;

/// <summary>Answers on a silo when it can reach its storage; used by GET /health.</summary>
[Alias("Stagecast.IHealthGrain")]
public interface IHealthGrain : IGrainWithIntegerKey
{
    /// <summary>Checks storage from the silo that runs the call; throws when it is unreachable.</summary>
    [Alias("Check")]
    Task<HealthReport> Check();
}

/// <summary>One silo's view of its own health.</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.HealthReport")]
public sealed record HealthReport(
    [property: Id(0)] string Silo,
    [property: Id(1)] string Storage,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] int ActiveSilos);

namespace Stagecast.Fanout.Bench;

/// <summary>Broadcast channels deliver to grains only: one relay per room and gateway forwards to that gateway.</summary>
[Alias("Stagecast.Fanout.Bench.IRelayGrain")]
public interface IRelayGrain : IGrainWithStringKey
{
    /// <summary>Sets the gateway observer this relay forwards to.</summary>
    [Alias("Register")]
    Task Register(IBatchObserver observer);
}

namespace Stagecast.Contracts.Matches;

/// <summary>A room's match slot, keyed by room id: at most one pending or running match per room.</summary>
[Alias("Stagecast.IRoomMatchGrain")]
public interface IRoomMatchGrain : IGrainWithStringKey
{
    /// <summary>Takes the slot for the match; returns null when taken (or already held by it), else the match holding it.</summary>
    [Alias("Claim")]
    Task<string?> Claim(string matchId);

    /// <summary>Frees the slot if this match holds it.</summary>
    [Alias("Release")]
    Task Release(string matchId);

    /// <summary>The match holding the slot, or null.</summary>
    [Alias("Current")]
    Task<string?> Current();

    /// <summary>Every match that ever held the slot, oldest first (ended ones keep stored results that name gifters).</summary>
    [Alias("Played")]
    Task<IReadOnlyList<string>> Played();
}

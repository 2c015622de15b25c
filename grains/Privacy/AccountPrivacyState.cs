using System.Collections.Immutable;

namespace Stagecast.Grains.Privacy;

[GenerateSerializer, Alias("Stagecast.AccountPrivacyState")]
public sealed record AccountPrivacyState
{
    /// <summary>Rooms the user opened, oldest first (their recordings are the user's data).</summary>
    [Id(0)] public ImmutableList<string> Rooms { get; init; } = [];
    /// <summary>The username while a deletion is under way (the profile that held it may already be erased).</summary>
    [Id(1)] public string? DeletingUsername { get; init; }
    [Id(2)] public DateTimeOffset? DeletedAt { get; init; }
    /// <summary>Videos the user commented on or liked (other people's included), oldest first.</summary>
    [Id(3)] public ImmutableList<string> EngagedVideos { get; init; } = [];
    /// <summary>Live rooms the user commented in, oldest first (their live-chat comments are the user's data).</summary>
    [Id(4)] public ImmutableList<string> ChatRooms { get; init; } = [];
    /// <summary>
    /// The tombstone id chosen for a deletion under way, written before the ledger is touched so a retried deletion
    /// names the account the same everywhere; cleared when the deletion completes (no mapping back is kept).
    /// </summary>
    [Id(5)] public string? DeletingTombstone { get; init; }
    /// <summary>The display name while a deletion is under way (scrubbed from reports after the profile is erased).</summary>
    [Id(6)] public string? DeletingDisplayName { get; init; }
    /// <summary>Until when the username stays held, as the confirmed deletion asked: what a retry of it passes on.</summary>
    [Id(7)] public DateTimeOffset? DeletingUsernameHeldUntil { get; init; }
    /// <summary>The look-alike claims of the account's names (username-grain keys) that the deletion holds with the username.</summary>
    [Id(8)] public ImmutableList<string> DeletingNameClaims { get; init; } = [];
}

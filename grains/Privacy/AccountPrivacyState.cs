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
}

using System.Collections.Immutable;
using Stagecast.Contracts.Accounts;

namespace Stagecast.Grains.Accounts;

[GenerateSerializer, Alias("Stagecast.BlockListState")]
public sealed record BlockListState
{
    /// <summary>The users this user blocked, oldest first.</summary>
    [Id(0)] public ImmutableList<BlockedUser> Blocked { get; init; } = [];
    /// <summary>The users who blocked this user.</summary>
    [Id(1)] public ImmutableHashSet<string> BlockedBy { get; init; } = [];
    /// <summary>The open rooms this user hosts, told of every change.</summary>
    [Id(2)] public ImmutableHashSet<string> Rooms { get; init; } = [];
    /// <summary>The rooms this user joined lately to watch, with when (<see cref="WatchedRooms"/>), told of every change.</summary>
    [Id(3)] public ImmutableDictionary<string, DateTimeOffset> Watched { get; init; } = ImmutableDictionary<string, DateTimeOffset>.Empty;
}

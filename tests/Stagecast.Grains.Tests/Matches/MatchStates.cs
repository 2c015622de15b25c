using Stagecast.Contracts.Matches;
using Stagecast.Contracts.Rooms;
using Stagecast.Grains.Matches;

namespace Stagecast.Grains.Tests.Matches;

/// <summary>Match states for the pure match tests: room r1 (host h1) invites r2 (host h2) at <see cref="T0"/>.</summary>
internal static class MatchStates
{
    public static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(3_000_000);

    public static RoomInfo Room(string id, string host) =>
        new(id, "t", host, host, RoomStatus.Live, 0, 0, [], T0, T0, null, [], 0, false);

    public static MatchState Invited(int durationSeconds, MatchOptions options) => MatchTransitions.Invited(
        new MatchInvite("h1", "r1", "r2", durationSeconds), Room("r1", "h1"), Room("r2", "h2"), durationSeconds, options, T0);
}

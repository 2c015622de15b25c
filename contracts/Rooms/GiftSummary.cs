namespace Stagecast.Contracts.Rooms;

/// <summary>
/// Gifts a batch did not carry one by one (a large room's batch keeps only its biggest gifts, see
/// <c>LargeRoomOptions.GiftEventLimit</c>): how many gifts and how many coins they were worth. Every gift is still
/// paid, booked, on the leaderboard and in a match score; only its separate event is left out.
/// </summary>
[GenerateSerializer, Immutable, Alias("Stagecast.GiftSummary")]
public sealed record GiftSummary([property: Id(0)] int Gifts, [property: Id(1)] long Coins);

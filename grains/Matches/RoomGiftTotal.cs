namespace Stagecast.Grains.Matches;

/// <summary>One sender's coins gifted into a room in a window, and how many of them fell in the final stretch.</summary>
public sealed record RoomGiftTotal(string SenderId, long Coins, long StretchCoins);

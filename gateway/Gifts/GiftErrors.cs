namespace Stagecast.Gateway.Gifts;

/// <summary>
/// The stable error codes of SendGift (typed hub errors). The first three are the codes rooms use for the same
/// refusals (<c>RoomErrors</c>), written here so the gift path does not depend on the rooms folder.
/// </summary>
public static class GiftErrors
{
    public const string AuthRequired = "auth_required";
    public const string UnknownRoom = "unknown_room";
    public const string Banned = "banned";
    public const string Blocked = "blocked";
    public const string RoomNotLive = "room_not_live";
    public const string InvalidRequest = "invalid_request";
    public const string InvalidCount = "invalid_count";
    public const string UnknownGift = "unknown_gift";
    public const string InsufficientCoins = "insufficient_coins";
    public const string WalletNegative = "wallet_negative";
    public const string SelfGift = "self_gift";
}

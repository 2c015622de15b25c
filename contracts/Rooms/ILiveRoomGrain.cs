namespace Stagecast.Contracts.Rooms;

/// <summary>One live room, keyed by room id: lifecycle, presence, chat, moderation and its fan-out.</summary>
[Alias("Stagecast.ILiveRoomGrain")]
public interface ILiveRoomGrain : IGrainWithStringKey
{
    /// <summary>Whether the user may gift into this room now (room live, user not banned).</summary>
    [Alias("CheckGift")]
    Task<GiftGate> CheckGift(string userId);

    /// <summary>Pushes a paid gift to every viewer (with combo count) and updates the top-gifter board.</summary>
    [Alias("PublishGift")]
    Task PublishGift(GiftEvent gift);
}

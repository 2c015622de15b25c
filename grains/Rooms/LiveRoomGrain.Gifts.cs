using Stagecast.Contracts.Rooms;

namespace Stagecast.Grains.Rooms;

/// <summary>
/// Gifts in bulk: a gateway sends the gifts it collected for this room during a short window in one call, and
/// gates gifts from a snapshot of the room's status and bans instead of asking once per gift.
/// </summary>
public sealed partial class LiveRoomGrain
{
    public Task PublishGifts(IReadOnlyList<GiftEvent> gifts)
    {
        // In arrival order, so combos and the top-gifter board come out exactly as with one call per gift.
        foreach (var gift in gifts)
        {
            PublishGift(gift);
        }
        return Task.CompletedTask;
    }

    public Task<GiftGateSnapshot> GetGiftGate() =>
        Task.FromResult(new GiftGateSnapshot(S.Status, S.HostId, S.Banned.ToArray(), NowMs));
}

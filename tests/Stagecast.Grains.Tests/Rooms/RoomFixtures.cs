using Stagecast.Contracts.Rooms;
using Stagecast.Grains.Rooms;

namespace Stagecast.Grains.Tests.Rooms;

/// <summary>Room states and gifts for the room unit tests.</summary>
internal static class RoomFixtures
{
    public const string Host = "host", Moderator = "mod", Viewer = "viewer", Other = "other";

    public static LiveRoomState LiveRoom()
    {
        var room = new LiveRoomState { Status = RoomStatus.Live, HostId = Host, HostDisplayName = "Host", Title = "t" };
        room.Moderators.Add(Moderator);
        return room;
    }

    public static GiftEvent Gift(string userId, string giftId, long coins, long atMs, bool streakable = true, int count = 1) =>
        new("room", userId, userId.ToUpperInvariant(), giftId, giftId, "anim", streakable, count, coins,
            Guid.NewGuid().ToString("N"), DateTimeOffset.FromUnixTimeMilliseconds(atMs));
}

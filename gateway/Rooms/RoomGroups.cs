namespace Stagecast.Gateway.Rooms;

/// <summary>
/// The local SignalR groups of a room: one for separate events, and the shards of the batched clients (a batch
/// goes to the shards in parallel).
/// </summary>
public static class RoomGroups
{
    public static string Events(string roomId) => "room:" + roomId;

    public static string Batched(string roomId, int shard) => "room-batch:" + roomId + ":" + shard;

    public static string For(string roomId, RoomMember member) => member.Batched ? Batched(roomId, member.Shard) : Events(roomId);
}

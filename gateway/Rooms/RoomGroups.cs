namespace Stagecast.Gateway.Rooms;

/// <summary>The local SignalR groups of a room: one for separate events, one for batched clients.</summary>
public static class RoomGroups
{
    public static string Events(string roomId) => "room:" + roomId;

    public static string Batched(string roomId) => "room-batch:" + roomId;

    public static string For(string roomId, bool batched) => batched ? Batched(roomId) : Events(roomId);
}

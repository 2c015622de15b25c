namespace Stagecast.Gateway.Rooms;

/// <summary>
/// The local SignalR group of a room's viewers that get separate events. Batched viewers are in no group: the
/// room writes each batch to their connections itself (<see cref="LocalRoom"/>).
/// </summary>
public static class RoomGroups
{
    public static string Events(string roomId) => "room:" + roomId;
}

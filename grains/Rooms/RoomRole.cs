namespace Stagecast.Grains.Rooms;

/// <summary>Who an action needs: the host alone, or the host or one of the room's moderators.</summary>
internal enum RoomRole
{
    Host,
    Moderator,
}

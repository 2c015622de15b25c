namespace Stagecast.Contracts.Rooms;

/// <summary>A room's lifecycle: created -> live -> ended. Unknown means no room was opened under the id.</summary>
public enum RoomStatus
{
    Unknown,
    Created,
    Live,
    Ended,
}

namespace Stagecast.Gateway.Rooms;

/// <summary>
/// A connection watching a room on this gateway; batched members (JoinRoomBatched) carry their <see cref="Delivery"/>,
/// signed-in members the users they blocked (<see cref="Blocks"/>), whose comments they are not sent.
/// </summary>
public sealed record RoomMember(string ConnectionId, string? UserId, BatchedConnection? Delivery, BlockSet? Blocks = null)
{
    public bool Batched => Delivery is not null;
}

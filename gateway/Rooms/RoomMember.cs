namespace Stagecast.Gateway.Rooms;

/// <summary>A connection watching a room on this gateway; batched members (JoinRoomBatched) carry their <see cref="Delivery"/>.</summary>
public sealed record RoomMember(string ConnectionId, string? UserId, BatchedConnection? Delivery)
{
    public bool Batched => Delivery is not null;
}

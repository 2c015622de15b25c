namespace Stagecast.Gateway.Rooms;

/// <summary>A connection watching a room on this gateway; batched members carry their <see cref="Delivery"/>.</summary>
public sealed record RoomMember(string ConnectionId, string? UserId, bool Batched, BatchedConnection? Delivery = null);

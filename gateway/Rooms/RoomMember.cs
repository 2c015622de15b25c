namespace Stagecast.Gateway.Rooms;

/// <summary>A connection watching a room on this gateway.</summary>
public sealed record RoomMember(string ConnectionId, string? UserId, bool Batched);

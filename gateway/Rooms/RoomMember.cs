namespace Stagecast.Gateway.Rooms;

/// <summary>A connection watching a room on this gateway; <see cref="Shard"/> picks its batched group.</summary>
public sealed record RoomMember(string ConnectionId, string? UserId, bool Batched, int Shard = 0);

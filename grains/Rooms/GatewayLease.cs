using Stagecast.Contracts.Rooms;

namespace Stagecast.Grains.Rooms;

/// <summary>A gateway's presence in a room: its observer, local viewer count and when its lease runs out.</summary>
internal sealed record GatewayLease(IRoomObserver Observer, int Viewers, long ExpiresAt);

using Stagecast.Contracts.Rooms;

namespace Stagecast.Grains.Rooms;

/// <summary>A gateway's presence in a room: its observer, local viewer count, when its lease runs out, and the host's hub connections there.</summary>
internal sealed record GatewayLease(IRoomObserver Observer, int Viewers, long ExpiresAt, int HostConnections = 0);

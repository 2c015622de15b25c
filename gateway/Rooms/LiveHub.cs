using Microsoft.AspNetCore.SignalR;

namespace Stagecast.Gateway.Rooms;

/// <summary>
/// The live-room hub at /hubs/live. Split into partial files by feature (rooms, gifts); shared
/// services are properties here, since primary-constructor parameters are visible in this part only.
/// </summary>
public sealed partial class LiveHub(IGrainFactory grains) : Hub
{
    private IGrainFactory Grains => grains;
}

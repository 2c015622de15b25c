using Microsoft.AspNetCore.SignalR;

namespace Stagecast.Gateway.Rooms;

/// <summary>
/// Typed hub errors. SignalR sends clients only a HubException's message, so the message starts with a
/// stable code: "room_ended: The room has ended." Clients branch on the part before the first colon.
/// </summary>
public static class HubErrors
{
    public static HubException Error(string code, string detail) => new($"{code}: {detail}");
}

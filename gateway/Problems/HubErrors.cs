using Microsoft.AspNetCore.SignalR;

namespace Stagecast.Gateway.Problems;

/// <summary>
/// Typed hub errors. SignalR passes only a HubException's message to clients, so the message starts with a
/// stable code: "room_ended: The room has ended." Clients receive it wrapped, as "An unexpected error
/// occurred invoking 'X' on the server. HubException: room_ended: The room has ended.", and branch on
/// the word after "HubException: ".
/// </summary>
public static class HubErrors
{
    public static HubException Error(string code, string detail) => new($"{code}: {detail}");
}

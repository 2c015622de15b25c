using Microsoft.AspNetCore.SignalR;
using Stagecast.Gateway.Accounts;

namespace Stagecast.Gateway.Videos;

/// <summary>SignalR's user id is the token's subject, so <c>Clients.User(userId)</c> reaches a user's connections.</summary>
public sealed class SubjectUserIdProvider : IUserIdProvider
{
    public string? GetUserId(HubConnectionContext connection) => connection.User.UserId();
}

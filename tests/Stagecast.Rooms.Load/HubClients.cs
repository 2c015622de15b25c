using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Stagecast.Rooms.Load;

/// <summary>SignalR clients of /hubs/live as the web app opens them: WebSockets, MessagePack, optional bearer token.</summary>
public static class HubClients
{
    public static HubConnection Connect(string url, string? token) => new HubConnectionBuilder()
        .WithUrl(new Uri(new Uri(url), "/hubs/live"), o =>
        {
            o.Transports = HttpTransportType.WebSockets;
            o.SkipNegotiation = true;
            if (token is not null)
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            }
        })
        .AddMessagePackProtocol()
        .Build();
}

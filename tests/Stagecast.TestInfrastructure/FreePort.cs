using System.Net;
using System.Net.Sockets;

namespace Stagecast.TestInfrastructure;

/// <summary>
/// Loopback ports nobody is listening on (TCP and, for media, UDP), each handed out once per test process. The
/// kernel may give a just-released port again; two processes of one test then shared it (ColdStartTests once had
/// two silos on one port, and the newer declared the older dead).
/// </summary>
public static class FreePort
{
    private static readonly HashSet<(ProtocolType, int)> Given = [];

    public static int Tcp() => Once(ProtocolType.Tcp, () =>
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    });

    public static int Udp() => Once(ProtocolType.Udp, () =>
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    });

    private static int Once(ProtocolType protocol, Func<int> bind)
    {
        lock (Given)
        {
            while (true)
            {
                var port = bind();
                if (Given.Add((protocol, port)))
                {
                    return port;
                }
            }
        }
    }
}

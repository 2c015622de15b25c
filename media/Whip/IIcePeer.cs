using System.Net;
using System.Net.Sockets;
using Stagecast.Media.Ice;

namespace Stagecast.Media.Whip;

/// <summary>A peer on the ingest's ICE-lite sockets (a WHIP publisher or a WHEP viewer): demultiplexed by ufrag and address.</summary>
public interface IIcePeer
{
    string LocalUfrag { get; }

    byte[] PasswordKey { get; }

    IReadOnlyList<SocketAddress> Addresses { get; }

    void OnIceCheck(IceUdpSocket socket, SocketAddress remote, IPEndPoint remoteEndPoint, bool useCandidate, bool isNewAddress);

    void OnDtls(ReadOnlySpan<byte> datagram);

    void OnSrtp(Span<byte> datagram);
}

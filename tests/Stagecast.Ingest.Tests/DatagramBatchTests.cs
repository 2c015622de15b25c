using System.Net;
using System.Net.Sockets;
using Stagecast.Media.Ice;

namespace Stagecast.Ingest.Tests;

/// <summary>
/// The WHEP fan-out's batched send: every datagram written into a <see cref="DatagramBatch"/> reaches its own
/// address, byte for byte, from the socket it was reserved on; on Linux a batch leaves in far fewer system calls
/// than datagrams (sendmmsg), and one by one when asked to.
/// </summary>
public sealed class DatagramBatchTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EveryDatagram_ReachesItsAddress_Intact(bool oneByOne)
    {
        using var socket = NewSocket();
        var receivers = Enumerable.Range(0, 3).Select(_ => NewReceiver()).ToArray();
        using var batch = new DatagramBatch { OneByOne = oneByOne };
        const int count = 150; // more than one batch: Reserve flushes a full one by itself
        for (int i = 0; i < count; i++)
        {
            var slot = batch.Reserve(socket, Address(receivers[i % 3]));
            int length = 20 + i;
            Fill(slot.Slice(0, length), i);
            batch.Commit(length);
        }
        batch.Flush();

        for (int r = 0; r < 3; r++)
        {
            var got = ReceiveAll(receivers[r], count / 3);
            Assert.Equal(count / 3, got.Count);
            foreach (var (data, from) in got)
            {
                int i = data[0] | (data[1] << 8);
                Assert.Equal(r, i % 3);
                Assert.Equal(20 + i, data.Length);
                Assert.True(data.AsSpan().SequenceEqual(Filled(20 + i, i)), $"datagram {i} changed on the way");
                Assert.Equal(socket.LocalEndPoint, from);
            }
        }

        Assert.Equal(count, batch.Sent);
        if (oneByOne || !OperatingSystem.IsLinux())
        {
            Assert.Equal(count, batch.SystemCalls);
        }
        else
        {
            // 150 datagrams in batches of 64: three sendmmsg calls (a few more only if the kernel took part of one).
            Assert.InRange(batch.SystemCalls, 3, 10);
        }
        foreach (var receiver in receivers) receiver.Dispose();
    }

    [Fact]
    public void ADatagramForAnotherSocket_FlushesThePendingOnes_AndLeavesFromItsOwnSocket()
    {
        using var first = NewSocket();
        using var second = NewSocket();
        using var receiver = NewReceiver();
        using var batch = new DatagramBatch();
        for (int i = 0; i < 10; i++)
        {
            var slot = batch.Reserve(i % 2 == 0 ? first : second, Address(receiver));
            Fill(slot.Slice(0, 30), i);
            batch.Commit(30);
        }
        batch.Flush();

        var got = ReceiveAll(receiver, 10);
        Assert.Equal(10, got.Count);
        foreach (var (data, from) in got)
        {
            int i = data[0];
            Assert.Equal(i % 2 == 0 ? first.LocalEndPoint : second.LocalEndPoint, from);
        }
    }

    [Fact]
    public void AReservedSlotNotCommitted_IsNotSent_AndAClosedPortLosesNoOtherDatagram()
    {
        using var socket = NewSocket();
        using var receiver = NewReceiver();
        // A port nobody listens on: the kernel answers with ICMP port unreachable, which must not stop the batch.
        var closed = NewReceiver();
        var closedAddress = Address(closed);
        closed.Dispose();
        using var batch = new DatagramBatch();
        for (int round = 0; round < 3; round++)
        {
            for (int i = 0; i < 20; i++)
            {
                var slot = batch.Reserve(socket, i % 4 == 0 ? closedAddress : Address(receiver));
                Fill(slot.Slice(0, 40), round * 20 + i);
                batch.Commit(40);
            }
            batch.Reserve(socket, Address(receiver));
            batch.Flush(); // the reserved slot without Commit goes nowhere
        }

        var got = ReceiveAll(receiver, 45);
        Assert.Equal(45, got.Count);
        Assert.All(got, g => Assert.NotEqual(0, (g.Data[0] % 20) % 4));
        Assert.True(ReceiveAll(receiver, 1, TimeSpan.FromMilliseconds(200)).Count == 0, "an uncommitted slot was sent");
    }

    private static IceUdpSocket NewSocket() => new(new IPEndPoint(IPAddress.Loopback, 0), IPAddress.Loopback, new Ignore());

    private static Socket NewReceiver()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 1 << 20 };
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    private static SocketAddress Address(Socket socket) => socket.LocalEndPoint!.Serialize();

    private static void Fill(Span<byte> slot, int i)
    {
        for (int k = 0; k < slot.Length; k++) slot[k] = (byte)(k < 2 ? i >> (8 * k) : (i * 31 + k) & 0xFF);
    }

    private static byte[] Filled(int length, int i)
    {
        var data = new byte[length];
        Fill(data, i);
        return data;
    }

    private static List<(byte[] Data, EndPoint From)> ReceiveAll(Socket socket, int expected, TimeSpan? quiet = null)
    {
        var got = new List<(byte[], EndPoint)>();
        var buffer = new byte[2048];
        socket.ReceiveTimeout = (int)(quiet ?? TimeSpan.FromSeconds(5)).TotalMilliseconds;
        while (got.Count < expected)
        {
            EndPoint from = new IPEndPoint(IPAddress.Any, 0);
            try
            {
                int n = socket.ReceiveFrom(buffer, ref from);
                got.Add((buffer.AsSpan(0, n).ToArray(), from));
            }
            catch (SocketException)
            {
                break; // timed out: the rest did not come
            }
        }
        return got;
    }

    private sealed class Ignore : IDatagramHandler
    {
        public void OnDatagram(IceUdpSocket socket, Span<byte> data, SocketAddress remote)
        {
        }
    }
}

using Stagecast.Media.Rtp;

namespace Stagecast.Ingest.Tests;

public class ReorderBufferTests
{
    private sealed class Output : IReorderOutput
    {
        public List<byte> Delivered { get; } = [];
        public List<(ushort First, ushort Following)> Missing { get; } = [];
        public void OnOrderedPacket(Span<byte> packet) => Delivered.Add(packet[0]);
        public void OnMissing(ushort first, ushort following) => Missing.Add((first, following));
    }

    private static void Push(ReorderBuffer buffer, Output output, ushort seq, long now) =>
        buffer.Push(new[] { (byte)seq }, seq, now, output);

    [Fact]
    public void InOrder_PassesStraightThrough()
    {
        var b = new ReorderBuffer();
        var o = new Output();
        for (ushort s = 65530; s != 6; s++)
        {
            Push(b, o, s, 0);
        }
        Assert.Equal(12, o.Delivered.Count);
        Assert.Empty(o.Missing);
        Assert.Equal(0, b.Buffered);
    }

    [Fact]
    public void Swapped_IsPutBackInOrder_AfterOneNack()
    {
        var b = new ReorderBuffer();
        var o = new Output();
        Push(b, o, 10, 0);
        Push(b, o, 12, 1);
        Push(b, o, 13, 2);
        Assert.Equal([(ushort)11, (ushort)0], o.Missing.Select(m => m.First).Append(o.Missing[0].Following));
        Push(b, o, 11, 3);
        Assert.Equal(new byte[] { 10, 11, 12, 13 }, o.Delivered);
        Assert.Equal(0, b.GivenUp);
        Assert.Single(o.Missing);
    }

    [Fact]
    public void Gap_IsGivenUpAfterTheWait_ThenLatePacketIsDropped()
    {
        var b = new ReorderBuffer(capacity: 64, maxWaitMs: 50);
        var o = new Output();
        Push(b, o, 100, 0);
        Push(b, o, 103, 10); // 101 and 102 missing
        Assert.Equal(((ushort)101, (ushort)0b1), o.Missing.Single());
        b.Expire(40, o);
        Assert.Equal(new byte[] { 100 }, o.Delivered);
        b.Expire(60, o);
        Assert.Equal(new byte[] { 100, 103 }, o.Delivered);
        Assert.Equal(2, b.GivenUp);
        Push(b, o, 101, 70);
        Assert.Equal(new byte[] { 100, 103 }, o.Delivered);
    }

    [Fact]
    public void FarJumpForward_ReleasesEverything()
    {
        var b = new ReorderBuffer(capacity: 16);
        var o = new Output();
        Push(b, o, 1, 0);
        Push(b, o, 3, 0);
        Push(b, o, 200, 0);
        Assert.Equal(new byte[] { 1, 3, 200 }, o.Delivered);
        Push(b, o, 201, 0);
        Assert.Equal(4, o.Delivered.Count);
    }
}

public class ReorderBufferFuzzTests
{
    private sealed class Counting : IReorderOutput
    {
        public int Delivered;
        public void OnOrderedPacket(Span<byte> packet) => Delivered++;
        public void OnMissing(ushort first, ushort following) { }
    }

    [Fact]
    public void RandomSequenceNumbersAndTimes_100k_NeverThrow_AndNeverDeliverMoreThanPushed()
    {
        var rng = new Random(3550);
        var buffer = new ReorderBuffer(capacity: 32, maxWaitMs: 20);
        var output = new Counting();
        var packet = new byte[64];
        ushort seq = 0;
        long now = 0;
        for (int i = 0; i < 100_000; i++)
        {
            // Mostly near the expected number (reorder, loss, duplicates), sometimes anywhere.
            seq = rng.Next(10) == 0 ? (ushort)rng.Next(65536) : (ushort)(seq + rng.Next(-3, 5));
            now += rng.Next(0, 15);
            buffer.Push(packet.AsSpan(0, rng.Next(1, 64)), seq, now, output);
            if (rng.Next(50) == 0)
            {
                buffer.Expire(now + 100, output);
            }
        }
        Assert.InRange(output.Delivered, 1, 100_000);
        Assert.InRange(buffer.Buffered, 0, 32);
    }
}

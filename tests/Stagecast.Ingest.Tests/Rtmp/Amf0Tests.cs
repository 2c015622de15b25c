using Stagecast.Media.Rtmp;

namespace Stagecast.Ingest.Tests.Rtmp;

/// <summary>AMF0 (Adobe AMF0 specification §2) encoding and decoding.</summary>
public class Amf0Tests
{
    [Fact]
    public void EveryType_RoundTrips()
    {
        var w = new Amf0Writer()
            .String("connect").Number(1).Boolean(true).Null()
            .Object(new Dictionary<string, object?> { ["app"] = "live", ["tcUrl"] = "rtmp://h/live", ["n"] = 2.5, ["nested"] = new Dictionary<string, object?> { ["x"] = null } })
            .EcmaArray(new Dictionary<string, object?> { ["width"] = 640.0, ["stereo"] = true })
            .StrictArray(["a", 1.0, null]);
        var values = Amf0Reader.ReadAll(w.WrittenSpan);
        Assert.Equal("connect", values[0]);
        Assert.Equal(1.0, values[1]);
        Assert.Equal(true, values[2]);
        Assert.Null(values[3]);
        var o = Assert.IsType<Dictionary<string, object?>>(values[4]);
        Assert.Equal("live", o["app"]);
        Assert.Equal(2.5, o["n"]);
        Assert.Null(Assert.IsType<Dictionary<string, object?>>(o["nested"])["x"]);
        var ecma = Assert.IsType<Dictionary<string, object?>>(values[5]);
        Assert.Equal(640.0, ecma["width"]);
        Assert.Equal(new object?[] { "a", 1.0, null }, Assert.IsType<object?[]>(values[6]));
    }

    [Fact]
    public void KnownBytes_NumberAndString()
    {
        // 0x00 + IEEE 754 big-endian 1.0; 0x02 + u16 length + UTF-8.
        Assert.Equal(Convert.FromHexString("003FF0000000000000"), new Amf0Writer().Number(1).WrittenSpan.ToArray());
        Assert.Equal(Convert.FromHexString("0200046C697665"), new Amf0Writer().String("live").WrittenSpan.ToArray());
        Assert.Equal(Convert.FromHexString("0300016102000162000009"), new Amf0Writer().Object(new Dictionary<string, object?> { ["a"] = "b" }).WrittenSpan.ToArray());
    }

    [Theory]
    [InlineData("00 3FF0")] // truncated number
    [InlineData("03 0001 61 05 0000 08")] // object end marker wrong
    [InlineData("0D")] // unsupported marker
    [InlineData("0A FFFFFFFF")] // strict array count beyond the input
    public void Malformed_ThrowsProtocolException(string hex) =>
        Assert.Throws<RtmpProtocolException>(() => Amf0Reader.ReadAll(Convert.FromHexString(hex.Replace(" ", ""))));

    [Fact]
    public void DeepNesting_Refused()
    {
        var bytes = new List<byte>();
        for (var i = 0; i < 100; i++) bytes.AddRange([0x0A, 0, 0, 0, 1]);
        bytes.Add(0x05);
        Assert.Throws<RtmpProtocolException>(() => Amf0Reader.ReadAll(bytes.ToArray()));
    }
}

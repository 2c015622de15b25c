using System.Net;
using System.Text;
using Stagecast.Media.Stun;

namespace Stagecast.Ingest.Tests;

/// <summary>RFC 5769 test vectors for MESSAGE-INTEGRITY, FINGERPRINT and XOR-MAPPED-ADDRESS.</summary>
public class StunTests
{
    private static readonly byte[] Password = Encoding.UTF8.GetBytes("VOkJxbRl1RmTxUk/WvJxBt");

    // RFC 5769 §2.1 Sample Request.
    private static readonly byte[] SampleRequest = Hex.Parse(@"
        00 01 00 58 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
        80 22 00 10 53 54 55 4e 20 74 65 73 74 20 63 6c 69 65 6e 74
        00 24 00 04 6e 00 01 ff
        80 29 00 08 93 2f f9 b1 51 26 3b 36
        00 06 00 09 65 76 74 6a 3a 68 36 76 59 20 20 20
        00 08 00 14 9a ea a7 0c bf d8 cb 56 78 1e f2 b5 b2 d3 f2 49 c1 b5 71 a2
        80 28 00 04 e5 7a 3b cf");

    // RFC 5769 §2.2 Sample IPv4 Response.
    private static readonly byte[] SampleIpv4Response = Hex.Parse(@"
        01 01 00 3c 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
        80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20
        00 20 00 08 00 01 a1 47 e1 12 a6 43
        00 08 00 14 2b 91 f5 99 fd 9e 90 c3 8c 74 89 f9 2a f9 ba 53 f0 6b e7 d7
        80 28 00 04 c0 7d 4c 96");

    // RFC 5769 §2.3 Sample IPv6 Response.
    private static readonly byte[] SampleIpv6Response = Hex.Parse(@"
        01 01 00 48 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
        80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20
        00 20 00 14 00 02 a1 47 01 13 a9 fa a5 d3 f1 79 bc 25 f4 b5 be d2 b9 d9
        00 08 00 14 a3 82 95 4e 4b e6 7b f1 17 84 c9 7c 82 92 c2 75 bf e3 ed 41
        80 28 00 04 c8 fb 0b 4c");

    [Fact]
    public void Rfc5769_2_1_SampleRequest_VerifiesIntegrityAndFingerprint()
    {
        Assert.True(StunMessage.TryParse(SampleRequest, out var info));
        Assert.Equal(StunConstants.BindingRequest, info.Type);
        Assert.True(StunMessage.VerifyMessageIntegrity(SampleRequest, info, Password));
        Assert.True(StunMessage.VerifyFingerprint(SampleRequest, info));
        Assert.Equal("evtj", Encoding.UTF8.GetString(StunMessage.LocalUfrag(SampleRequest, info)));
        Assert.True(info.IceControlled);
        Assert.Equal(0x6e0001ffu, info.Priority);
        Assert.False(StunMessage.VerifyMessageIntegrity(SampleRequest, info, Encoding.UTF8.GetBytes("wrong")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Rfc5769_2_2_and_2_3_SampleResponses_DecodeAndVerify(bool ipv6)
    {
        var msg = ipv6 ? SampleIpv6Response : SampleIpv4Response;
        Assert.True(StunMessage.TryParse(msg, out var info));
        Assert.Equal(StunConstants.BindingSuccess, info.Type);
        Assert.True(StunMessage.VerifyMessageIntegrity(msg, info, Password));
        Assert.True(StunMessage.VerifyFingerprint(msg, info));
        Assert.True(StunMessage.TryReadXorMappedAddress(msg, info, out var ep));
        var expected = ipv6
            ? new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853)
            : new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853);
        Assert.Equal(expected, ep);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Rfc5769_2_2_and_2_3_WriterReproducesSampleResponses(bool ipv6)
    {
        var expected = ipv6 ? SampleIpv6Response : SampleIpv4Response;
        var mapped = ipv6
            ? new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853)
            : new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853);
        var buffer = new byte[200];
        var writer = new StunWriter(buffer, StunConstants.BindingSuccess, expected.AsSpan(8, 12));
        writer.AddAttribute(StunConstants.AttrSoftware, Encoding.UTF8.GetBytes("test vector"), padding: 0x20);
        writer.AddXorMappedAddress(mapped);
        writer.AddMessageIntegrity(Password);
        writer.AddFingerprint();
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(buffer, 0, writer.Length));
    }

    [Fact]
    public void TamperedMessage_FailsIntegrity()
    {
        var copy = (byte[])SampleRequest.Clone();
        copy[30] ^= 1;
        Assert.True(StunMessage.TryParse(copy, out var info));
        Assert.False(StunMessage.VerifyMessageIntegrity(copy, info, Password));
        Assert.False(StunMessage.VerifyFingerprint(copy, info));
    }
}

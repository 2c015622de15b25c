using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using Stagecast.Gateway.Accounts;
using Stagecast.Gateway.Media;

namespace Stagecast.Hls.Tests;

/// <summary>The cross-gateway WHEP relay's credential: bound to the cluster key, the room and the minute.</summary>
public sealed class WhepRelayAuthTests
{
    private static JwtSettings Key() => new()
    {
        Issuer = "stagecast", Audience = "stagecast", Lifetime = TimeSpan.FromHours(1),
        Key = new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)),
    };

    [Fact]
    public void A_signature_holds_for_its_room_and_key_around_its_minute_only()
    {
        var cluster = Key();
        var at = new DateTimeOffset(2026, 12, 6, 5, 30, 10, TimeSpan.Zero);
        var header = WhepRelayAuth.Sign(cluster, "room-a", at);

        Assert.True(WhepRelayAuth.Verify(cluster, "room-a", header, at));
        Assert.True(WhepRelayAuth.Verify(cluster, "room-a", header, at.AddSeconds(70))); // the next minute (clock skew)
        Assert.True(WhepRelayAuth.Verify(cluster, "room-a", header, at.AddSeconds(-40)));
        Assert.False(WhepRelayAuth.Verify(cluster, "room-a", header, at.AddMinutes(3)));
        Assert.False(WhepRelayAuth.Verify(cluster, "room-b", header, at));
        Assert.False(WhepRelayAuth.Verify(Key(), "room-a", header, at));
        Assert.False(WhepRelayAuth.Verify(cluster, "room-a", "", at));
        Assert.False(WhepRelayAuth.Verify(cluster, "room-a", header[..^1] + (header[^1] == '0' ? '1' : '0'), at));
    }
}

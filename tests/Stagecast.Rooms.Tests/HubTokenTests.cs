using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Stagecast.Gateway.Accounts;

namespace Stagecast.Rooms.Tests;

/// <summary>
/// Bearer tokens on the hub and the API: a token minted exactly as the gateway mints its own is accepted; the
/// same token expired, signed with another key, or altered after signing is treated as no token at all.
/// </summary>
[Collection(RoomsCollection.Name)]
public sealed class HubTokenTests(RoomsCluster cluster)
{
    private JwtSettings Settings => cluster.A.Services.GetRequiredService<JwtSettings>();

    private static string Mint(JwtSettings settings, SecurityKey key, string userId, string username, DateTime notBefore, DateTime expires) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            IssuedAt = notBefore,
            NotBefore = notBefore,
            Expires = expires,
            Subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, userId), new Claim("name", username)]),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });

    [Fact]
    public async Task Expired_forged_and_altered_tokens_are_anonymous_on_the_hub_and_401_on_the_api()
    {
        var (roomId, _, _, _) = await cluster.OpenRoomAsync();
        var username = "t" + Guid.NewGuid().ToString("N")[..12];
        var (userId, _) = await cluster.A.RegisterAsync(username);
        var (otherId, _) = await cluster.A.RegisterAsync();
        await using var viewer = await LiveClient.ConnectAsync(cluster.B, null);
        await viewer.JoinAsync(roomId);
        var now = DateTime.UtcNow;

        // The positive control: a token minted like the gateway's own comments as its user on both gateways.
        var valid = Mint(Settings, Settings.Key, userId, username, now.AddMinutes(-1), now.AddHours(1));
        await using (var client = await LiveClient.ConnectAsync(cluster.A, valid))
        {
            await client.JoinAsync(roomId);
            await client.CommentAsync(roomId, "with a valid token");
        }
        await Eventually.TrueAsync(() => viewer.Comments.Any(c => c.Text == "with a valid token" && c.UserId == userId), "the valid token's comment");
        using (var api = cluster.B.CreateClient(valid))
        {
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/me")).StatusCode);
        }

        // Expired well beyond the 30 s clock skew the gateway allows.
        var expired = Mint(Settings, Settings.Key, userId, username, now.AddHours(-2), now.AddMinutes(-5));
        // Signed with a key of the right size that is not the cluster's.
        var forged = Mint(Settings, new SymmetricSecurityKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)) { KeyId = "stagecast-1" },
            userId, username, now.AddMinutes(-1), now.AddHours(1));
        // The valid token with its payload replaced (another user), the signature kept.
        var parts = valid.Split('.');
        var payload = Base64UrlEncoder.Decode(parts[1]).Replace(userId, otherId, StringComparison.Ordinal);
        var altered = $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";
        // No signature at all (alg none).
        var unsigned = $"{Base64UrlEncoder.Encode("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{parts[1]}.";

        foreach (var (what, token) in new[] { ("expired", expired), ("forged", forged), ("altered", altered), ("unsigned", unsigned) })
        {
            await using var client = await LiveClient.ConnectAsync(cluster.A, token);
            Assert.Equal(roomId, (await client.JoinAsync(roomId)).RoomId); // watching needs no account
            Assert.Equal("auth_required", await LiveClient.ErrorCodeAsync(() => client.CommentAsync(roomId, $"with the {what} token")));
            Assert.Equal("auth_required", await LiveClient.ErrorCodeAsync(() => client.Connection.InvokeAsync("Like", roomId, 1)));
            using var api = cluster.B.CreateClient(token);
            Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/me")).StatusCode);
        }

        // A marker after every refused comment: had any of them been published, it would have arrived first.
        await cluster.Grains.GetGrain<Contracts.Rooms.ILiveRoomGrain>(roomId).Comment("x", "X", "marker after the refused tokens");
        await Eventually.TrueAsync(() => viewer.Comments.Any(c => c.Text == "marker after the refused tokens"), "the marker");
        Assert.DoesNotContain(viewer.Comments, c => c.Text.EndsWith(" token", StringComparison.Ordinal) && c.Text != "with a valid token");
    }
}

using Microsoft.Extensions.Options;
using Stagecast.TestInfrastructure;

namespace Stagecast.Gateway.Tests;

/// <summary>The large-room settings (Stagecast:Rooms:LargeRoom) are checked once at start: a bad value stops the gateway with the rule.</summary>
public sealed class LargeRoomSettingsTests
{
    [Theory]
    [InlineData("Stagecast:Rooms:LargeRoom:Viewers", "0")]
    [InlineData("Stagecast:Rooms:LargeRoom:GiftEventsPerBatch", "-3")]
    [InlineData("Stagecast:Rooms:LargeRoom:LeaderboardInterval", "-00:00:01")]
    public async Task A_bad_large_room_setting_stops_the_gateway_at_start_with_the_rule(string key, string value)
    {
        using var data = new TempDirectory("stagecast-largeroom");
        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            GatewayHost.StartEmbeddedAsync(data.Path, new Dictionary<string, string?> { [key] = value }));
        Assert.Contains("Stagecast:Rooms:LargeRoom: Viewers and GiftEventsPerBatch must be at least 1", refused.Message);
    }
}

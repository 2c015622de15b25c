using Stagecast.Gateway.Hosting;

namespace Stagecast.Gateway.Gifts;

/// <summary>
/// The gift path of the live hub: the gift gate (<see cref="RoomHostLookup"/>, told of room changes through
/// <see cref="RoomChanges"/>), the coalescing <see cref="GiftPublisher"/> and the SendGift command. Rooms depends on it (the
/// hub's SendGift, room changes); it uses contracts, Accounts, Problems and the subscriber badge cache only, not Rooms or Wallet. The gift catalog
/// (<c>EconomyOptions</c>) is registered by the wallet module.
/// </summary>
public sealed class GiftsModule : IGatewayModule
{
    public void ConfigureServices(WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RoomChanges>();
        builder.Services.AddSingleton<RoomHostLookup>();
        builder.Services.AddSingleton<GiftPublisher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<GiftPublisher>());
        builder.Services.AddSingleton<GiftCommands>();
    }

    public void MapEndpoints(WebApplication app)
    {
    }
}

namespace Stagecast.Gateway.Hosting;

/// <summary>The feature modules the gateway runs, in order: one line per feature.</summary>
internal static class GatewayModules
{
    public static readonly IGatewayModule[] All =
    [
        new Media.WhipModule(),
        new Media.RtmpModule(),
        new Media.HlsModule(),
        new Stagecast.Gateway.Rooms.RoomsModule(),
        new Stagecast.Gateway.Gifts.GiftsModule(),
        new Stagecast.Gateway.Wallet.WalletModule(),
        new Stagecast.Gateway.Subscriptions.SubscriptionsModule(),
        new Stagecast.Gateway.Matches.MatchesModule(),
        new Stagecast.Gateway.Videos.VideosModule(),
        new Stagecast.Gateway.Feed.FeedModule(),
        new Stagecast.Gateway.Operations.OperationsModule(),
        new Stagecast.Gateway.Moderation.ModerationModule(),
        new Stagecast.Gateway.Privacy.PrivacyModule(),
    ];
}

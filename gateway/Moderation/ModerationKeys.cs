namespace Stagecast.Gateway.Moderation;

/// <summary>Keys of the platform-wide moderation grains.</summary>
internal static class ModerationKeys
{
    public const string Platform = "platform";
}

namespace Stagecast.Contracts.Videos;

/// <summary>Who may play a video. Every video is listed; a subscribers-only one plays for its owner and entitled subscribers.</summary>
public static class VideoVisibility
{
    public const string Public = "public";

    public const string Subscribers = "subscribers";

    public static bool IsValid(string? value) => value is Public or Subscribers;
}

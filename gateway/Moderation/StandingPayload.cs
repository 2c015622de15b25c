using Stagecast.Contracts.Moderation;

namespace Stagecast.Gateway.Moderation;

/// <summary>An account's standing as JSON: status active|suspended|banned; mutedUntil and muteReason while muted platform-wide.</summary>
public sealed record StandingPayload(string UserId, string Status, DateTimeOffset? Until, string? Reason, DateTimeOffset? MutedUntil, string? MuteReason)
{
    public static StandingPayload From(string userId, AccountStanding s) =>
        new(userId, ReportPayload.Word(s.Status), s.Until, s.Reason, s.MutedUntil, s.MuteReason);
}

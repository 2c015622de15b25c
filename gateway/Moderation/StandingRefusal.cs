using System.Globalization;
using Microsoft.AspNetCore.SignalR;
using Stagecast.Contracts.Moderation;
using Stagecast.Gateway.Problems;

namespace Stagecast.Gateway.Moderation;

/// <summary>The problem a suspended or banned account gets when it signs in or publishes, and a muted one when it comments.</summary>
public static class StandingRefusal
{
    /// <summary>The code of a comment refused because an operator muted the account platform-wide.</summary>
    public const string AccountMuted = "account_muted";

    /// <summary>403 account_suspended (with until) or account_banned; null for an account in good standing.</summary>
    public static async Task<IResult?> CheckAsync(IGrainFactory grains, string userId)
    {
        var standing = await grains.GetGrain<IAccountStandingGrain>(userId).Get();
        return standing.Status switch
        {
            StandingStatus.Suspended => Problem.Of(StatusCodes.Status403Forbidden, "account_suspended", "The account is suspended.",
                $"This account is suspended until {Time(standing.Until!.Value)}.",
                new Dictionary<string, object?> { ["until"] = standing.Until }),
            StandingStatus.Banned => Problem.Of(StatusCodes.Status403Forbidden, "account_banned", "The account is banned.",
                "This account is banned from the platform."),
            _ => null,
        };
    }

    /// <summary>When the account's platform-wide mute ends; null when it may comment.</summary>
    public static async Task<DateTimeOffset?> MutedUntilAsync(IGrainFactory grains, string userId) =>
        (await grains.GetGrain<IAccountStandingGrain>(userId).Get()).MutedUntil;

    /// <summary>403 account_muted with until, for a comment over HTTP.</summary>
    public static IResult Muted(DateTimeOffset until) =>
        Problem.Of(StatusCodes.Status403Forbidden, AccountMuted, "The account is muted.", MutedDetail(until),
            new Dictionary<string, object?> { ["until"] = until });

    /// <summary>The typed hub error account_muted, for a live-chat comment.</summary>
    public static HubException MutedHub(DateTimeOffset until) => HubErrors.Error(AccountMuted, MutedDetail(until));

    private static string MutedDetail(DateTimeOffset until) =>
        $"Stagecast's moderators have muted this account until {Time(until)}: it cannot comment in any live or on any video until then.";

    private static string Time(DateTimeOffset at) => at.ToString("u", CultureInfo.InvariantCulture);
}

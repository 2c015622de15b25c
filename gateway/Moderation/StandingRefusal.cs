using System.Globalization;
using Stagecast.Contracts.Moderation;
using Stagecast.Gateway.Problems;

namespace Stagecast.Gateway.Moderation;

/// <summary>The problem a suspended or banned account gets when it signs in or publishes.</summary>
public static class StandingRefusal
{
    /// <summary>403 account_suspended (with until) or account_banned; null for an account in good standing.</summary>
    public static async Task<IResult?> CheckAsync(IGrainFactory grains, string userId)
    {
        var standing = await grains.GetGrain<IAccountStandingGrain>(userId).Get();
        return standing.Status switch
        {
            StandingStatus.Suspended => Problem.Of(StatusCodes.Status403Forbidden, "account_suspended", "The account is suspended.",
                $"This account is suspended until {standing.Until!.Value.ToString("u", CultureInfo.InvariantCulture)}.",
                new Dictionary<string, object?> { ["until"] = standing.Until }),
            StandingStatus.Banned => Problem.Of(StatusCodes.Status403Forbidden, "account_banned", "The account is banned.",
                "This account is banned from the platform."),
            _ => null,
        };
    }
}

using System.Security.Claims;
using Stagecast.Contracts.Accounts;
using Stagecast.Contracts.Moderation;
using Stagecast.Gateway.Accounts;

namespace Stagecast.Gateway.Moderation;

/// <summary>
/// Who is an operator: the usernames in <c>Stagecast:Moderation:Operators</c> (configuration, the first operators) and
/// the users an operator granted the role to (the roster grain).
/// </summary>
public sealed class OperatorAccess(IGrainFactory grains, IConfiguration configuration)
{
    private readonly HashSet<string> _configured = Configured(configuration);

    public async Task<bool> IsOperatorAsync(ClaimsPrincipal user)
    {
        if (user.UserId() is not { } userId)
        {
            return false;
        }
        if (await grains.GetGrain<IOperatorRosterGrain>(ModerationKeys.Platform).IsOperator(userId))
        {
            return true;
        }
        return _configured.Count > 0
            && await grains.GetGrain<IUserGrain>(userId).GetProfile() is { } profile
            && _configured.Contains(AccountRules.NameKey(profile.Username));
    }

    private static HashSet<string> Configured(IConfiguration configuration)
    {
        var section = configuration.GetSection("Stagecast:Moderation:Operators");
        var names = section.Value is { } list ? list.Split(',') : section.GetChildren().Select(c => c.Value ?? "");
        return names.Select(n => n.Trim()).Where(n => n.Length > 0).Select(AccountRules.NameKey).ToHashSet(StringComparer.Ordinal);
    }
}

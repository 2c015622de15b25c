using Microsoft.Extensions.Configuration;

namespace Stagecast.Contracts.Subscriptions;

/// <summary>The "Stagecast:Subscriptions" section: tiers, the creator's share of each paid invoice, the grace period after a failed renewal.</summary>
public sealed class SubscriptionOptions
{
    public const string Section = "Stagecast:Subscriptions";

    public List<SubscriptionTier> Tiers { get; set; } = [];

    /// <summary>Percent (0..100) of each paid invoice the creator earns (as pending diamonds); the rest is platform revenue.</summary>
    public int CreatorSharePercent { get; set; } = 70;

    /// <summary>How long a subscriber whose renewal failed keeps the perks (past_due) before the subscription lapses.</summary>
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromDays(3);

    /// <summary>
    /// How often parked refunds and disputes are retried against booked invoices (the sweep; a durable reminder
    /// ticks at least every minute, a grain timer makes shorter periods).
    /// </summary>
    public TimeSpan RefundSweepPeriod { get; set; } = TimeSpan.FromMinutes(5);

    public SubscriptionTier? FindTier(string? id) => id is null ? null : Tiers.FirstOrDefault(t => t.Id == id);

    /// <summary>Binds the section, with two default tiers when none are configured.</summary>
    public static SubscriptionOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<SubscriptionOptions>() ?? new SubscriptionOptions();
        if (options.Tiers.Count == 0)
        {
            options.Tiers =
            [
                new() { Id = "supporter", Name = "Supporter", PriceCents = 499 },
                new() { Id = "superfan", Name = "Superfan", PriceCents = 999 },
            ];
        }
        if (options.CreatorSharePercent is < 0 or > 100 || options.GracePeriod < TimeSpan.Zero || options.RefundSweepPeriod <= TimeSpan.Zero
            || options.Tiers.Any(t => string.IsNullOrWhiteSpace(t.Id) || t.PriceCents <= 0)
            || options.Tiers.Select(t => t.Id).Distinct().Count() != options.Tiers.Count)
        {
            throw new InvalidOperationException("Stagecast:Subscriptions is invalid: share 0..100, a non-negative grace period, a positive refund sweep period, tiers with unique ids and positive prices.");
        }
        return options;
    }
}

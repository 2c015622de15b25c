using Stagecast.Contracts.Subscriptions;

namespace Stagecast.Grains.Subscriptions;

/// <summary>A subscription as stored (times in unix ms); <see cref="ToView"/> applies the grace period and the period's end.</summary>
public sealed record SubscriptionRow(
    string SubscriptionId, string SubscriberId, string CreatorId, string TierId, long PriceCents, string Currency, string Status,
    string? ProviderRef, long? PeriodEndMs, bool CancelAtPeriodEnd, long? GraceUntilMs, long StateAtMs, long CreatedAtMs)
{
    public const string Columns =
        "subscription_id, subscriber_id, creator_id, tier_id, price_cents, currency, status, provider_ref, period_end, cancel_at_period_end, grace_until, state_at, created_at";

    public static SubscriptionRow Read(System.Data.Common.DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4), r.GetString(5), r.GetString(6),
        r.IsDBNull(7) ? null : r.GetString(7), r.IsDBNull(8) ? null : r.GetInt64(8), r.GetInt64(9) != 0,
        r.IsDBNull(10) ? null : r.GetInt64(10), r.GetInt64(11), r.GetInt64(12));

    /// <summary>
    /// The status a reader sees at <paramref name="nowMs"/>: past_due past its grace, a period ended with cancel at
    /// period end, or an active period over by more than the grace period without a renewal, read as canceled.
    /// </summary>
    public string EffectiveStatus(long nowMs, long graceMs) => Status switch
    {
        SubscriptionStatus.PastDue when GraceUntilMs is { } grace && grace <= nowMs => SubscriptionStatus.Canceled,
        SubscriptionStatus.Active or SubscriptionStatus.PastDue when CancelAtPeriodEnd && PeriodEndMs is { } end && end <= nowMs => SubscriptionStatus.Canceled,
        SubscriptionStatus.Active when PeriodEndMs is { } end && end + graceMs <= nowMs => SubscriptionStatus.Canceled,
        _ => Status,
    };

    public SubscriptionView ToView(long nowMs, long graceMs) => new(
        SubscriptionId, SubscriberId, CreatorId, TierId, PriceCents, Currency, EffectiveStatus(nowMs, graceMs),
        PeriodEndMs is { } p ? DateTimeOffset.FromUnixTimeMilliseconds(p) : null, CancelAtPeriodEnd,
        GraceUntilMs is { } g ? DateTimeOffset.FromUnixTimeMilliseconds(g) : null, ProviderRef, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAtMs));
}

namespace Stagecast.Grains.Moderation;

/// <summary>
/// How a timed suspension ends by itself (configuration section "Stagecast:Moderation"): the account's standing grain
/// looks every <see cref="SuspensionCheck"/> whether the suspension has run out (a reminder wakes it after a restart),
/// then writes <c>suspension_ended</c> to the audit log and lets held cash-outs proceed.
/// </summary>
public sealed class SuspensionOptions
{
    public const string Section = "Stagecast:Moderation";

    /// <summary>How often a suspended account's grain checks for the end of its suspension (default one minute).</summary>
    public TimeSpan SuspensionCheck { get; set; } = TimeSpan.FromMinutes(1);
}

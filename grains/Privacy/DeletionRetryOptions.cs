namespace Stagecast.Grains.Privacy;

/// <summary>"Stagecast:Privacy": how often a confirmed account deletion that was cut off half-way is tried again.</summary>
public sealed class DeletionRetryOptions
{
    public const string Section = "Stagecast:Privacy";

    /// <summary>
    /// The retry period while the account's grain is active (default one minute). A durable reminder (Orleans' shortest
    /// period, a minute) carries the retry over a restart.
    /// </summary>
    public TimeSpan DeletionRetry { get; set; } = TimeSpan.FromMinutes(1);
}

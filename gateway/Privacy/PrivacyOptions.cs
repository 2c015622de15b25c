namespace Stagecast.Gateway.Privacy;

/// <summary>"Stagecast:Privacy": how long a deleted account's username stays held, and how long an export archive is kept.</summary>
public sealed class PrivacyOptions
{
    public const string Section = "Stagecast:Privacy";

    /// <summary>Days before a deleted account's username can be registered again.</summary>
    public double UsernameCoolingOffDays { get; set; } = 30;

    /// <summary>Hours an export archive can be downloaded before it is deleted.</summary>
    public double ExportLifetimeHours { get; set; } = 48;

    /// <summary>Seconds between two reads of the cluster's list of recordings to delete (deleted accounts' rooms).</summary>
    public double RecordingSweepSeconds { get; set; } = 5;
}

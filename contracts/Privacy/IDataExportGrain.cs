namespace Stagecast.Contracts.Privacy;

/// <summary>
/// One export of a user's data, keyed by export id: a durable background job (a reminder restarts it after a crash) that
/// writes a zip (JSON of everything held on the user, plus their video files) to storage, kept until it expires.
/// </summary>
[Alias("Stagecast.IDataExportGrain")]
public interface IDataExportGrain : IGrainWithStringKey
{
    /// <summary>Starts the job for the owner (once; a repeat returns the job); the archive is kept for <paramref name="lifetime"/>.</summary>
    [Alias("Start")]
    Task<DataExport> Start(string ownerId, TimeSpan lifetime);

    /// <summary>The job, or null when it does not exist or belongs to someone else.</summary>
    [Alias("Get")]
    Task<DataExport?> Get(string requesterId);
}

namespace Stagecast.Contracts.Accounts;

/// <summary>Failed sign-ins of one username (keyed by the lower-cased name, existing or not), for per-account backoff.</summary>
[Alias("Stagecast.ILoginThrottleGrain")]
public interface ILoginThrottleGrain : IGrainWithStringKey
{
    /// <summary>The failures so far.</summary>
    [Alias("Get")]
    Task<LoginFailures> Get();

    /// <summary>Counts one more failure; returns the new tally.</summary>
    [Alias("Failed")]
    Task<LoginFailures> Failed();

    /// <summary>A successful sign-in clears the tally.</summary>
    [Alias("Succeeded")]
    Task Succeeded();
}

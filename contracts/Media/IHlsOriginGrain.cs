namespace Stagecast.Contracts.Media;

/// <summary>
/// Where a room's live HLS is packaged: the internal base URL of the gateway that ingests it, keyed by room id.
/// Other gateways ask it and proxy to that origin.
/// </summary>
[Alias("Stagecast.IHlsOriginGrain")]
public interface IHlsOriginGrain : IGrainWithStringKey
{
    /// <summary>Records the ingesting gateway's base URL when its packager opens.</summary>
    [Alias("SetOrigin")]
    Task SetOrigin(string baseUrl);

    /// <summary>Forgets the origin if it is still this URL (a newer session elsewhere is kept).</summary>
    [Alias("ClearOrigin")]
    Task ClearOrigin(string baseUrl);

    /// <summary>The current origin's base URL, or null when no gateway packages the room.</summary>
    [Alias("GetOrigin")]
    Task<string?> GetOrigin();
}

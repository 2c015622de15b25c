using Stagecast.Media.Net;
using Stagecast.Media.Whip;

namespace Stagecast.Gateway.Media;

/// <summary>
/// The connection limits of the relay's ingest side (<see cref="WhepRelayEndpoints"/>), as the RTMP listener has them
/// (the same <see cref="ConnectionLimiter"/>): at most <see cref="IngestOptions.MaxRelayStreams"/> streams at once, and
/// <see cref="IngestOptions.MaxRelayStreamsPerAddress"/> from one address. A stream holds its lease until it ends.
/// </summary>
public sealed class RelayStreamLimits(IngestOptions options)
    : ConnectionLimiter(() => options.MaxRelayStreams, () => options.MaxRelayStreamsPerAddress)
{
    /// <summary>Relay streams being served now.</summary>
    public int ActiveStreams => Active;
}

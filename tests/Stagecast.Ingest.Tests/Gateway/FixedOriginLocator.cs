using Stagecast.Gateway.Media;

namespace Stagecast.Ingest.Tests.Gateway;

/// <summary>Names one gateway as every room's ingesting (origin) gateway, as the origin grain would in a cluster.</summary>
public sealed class FixedOriginLocator(Uri origin) : IHlsOriginLocator
{
    public ValueTask<Uri?> FindOriginAsync(string roomId, CancellationToken ct) => ValueTask.FromResult<Uri?>(origin);
}

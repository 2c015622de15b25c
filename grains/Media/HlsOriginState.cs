namespace Stagecast.Grains.Media;

[GenerateSerializer, Alias("Stagecast.HlsOriginState")]
public sealed record HlsOriginState
{
    [Id(0)] public string? BaseUrl { get; init; }
    [Id(1)] public DateTimeOffset Since { get; init; }
}

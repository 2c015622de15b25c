namespace Stagecast.Grains.Accounts;

[GenerateSerializer, Alias("Stagecast.UsernameState")]
public sealed record UsernameState
{
    [Id(0)] public string? UserId { get; init; }
    [Id(1)] public bool Confirmed { get; init; }
    [Id(2)] public DateTimeOffset ClaimedAt { get; init; }
}

namespace Stagecast.Grains.Accounts;

[GenerateSerializer, Alias("Stagecast.UsernameState")]
public sealed record UsernameState
{
    [Id(0)] public string? UserId { get; init; }
    [Id(1)] public bool Confirmed { get; init; }
    [Id(2)] public DateTimeOffset ClaimedAt { get; init; }
    /// <summary>Set when the owner deleted their account: nobody may claim the name before then.</summary>
    [Id(3)] public DateTimeOffset? HeldUntil { get; init; }
}

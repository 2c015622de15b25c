namespace Stagecast.Grains.Accounts;

[GenerateSerializer, Alias("Stagecast.AccountEmailState")]
public sealed record AccountEmailState
{
    [Id(0)] public string? Email { get; init; }
    [Id(1)] public bool Verified { get; init; }
    /// <summary>SHA-256 of the verification secret; null once used.</summary>
    [Id(2)] public byte[]? VerifyHash { get; init; }
    [Id(3)] public DateTimeOffset VerifyExpires { get; init; }
    /// <summary>SHA-256 of the reset secret; null once used.</summary>
    [Id(4)] public byte[]? ResetHash { get; init; }
    [Id(5)] public DateTimeOffset ResetExpires { get; init; }
}

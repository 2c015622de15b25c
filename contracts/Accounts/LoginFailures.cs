namespace Stagecast.Contracts.Accounts;

/// <summary>Consecutive failed sign-ins under one username and when the last one happened.</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.LoginFailures")]
public sealed record LoginFailures([property: Id(0)] int Count, [property: Id(1)] DateTimeOffset? LastAt)
{
    public static readonly LoginFailures None = new(0, null);
}

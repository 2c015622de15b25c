namespace Stagecast.Contracts.Accounts;

/// <summary>An account's email address and whether its owner proved they read it.</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.EmailStatus")]
public sealed record EmailStatus([property: Id(0)] string Email, [property: Id(1)] bool Verified);

namespace Stagecast.Grains.Wallet;

/// <summary>The outcome of one transfer attempt: the transfer id when paid, the reason when refused or unknown.</summary>
public sealed record TransferResult(TransferResultKind Kind, string? TransferId, string? Error);

namespace Stagecast.Gateway.Payments;

/// <summary>The result of a cash-out transfer: made (with its id) or refused (with why). Null from the provider means unknown: retry later.</summary>
public sealed record TransferOutcome(bool Succeeded, string? TransferId, string? Failure);

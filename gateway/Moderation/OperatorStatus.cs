namespace Stagecast.Gateway.Moderation;

/// <summary>GET /api/operator/me: whether the caller holds the operator role.</summary>
public sealed record OperatorStatus(bool IsOperator);

namespace Stagecast.Gateway.Subscriptions;

/// <summary>POST /api/subscriptions: which creator, at which tier.</summary>
public sealed record SubscribeRequest(string? CreatorId, string? TierId);

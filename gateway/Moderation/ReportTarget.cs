using Stagecast.Contracts.Moderation;

namespace Stagecast.Gateway.Moderation;

/// <summary>A resolved report target: the account responsible for it and what it looks like now.</summary>
public sealed record ReportTarget(string? UserId, ReportContext Context);

namespace Stagecast.Gateway.Payments;

/// <summary>A hosted checkout the buyer is sent to.</summary>
public sealed record CheckoutSessionInfo(string SessionId, string Url);

namespace Stagecast.Gateway.Payments;

/// <summary>A one-time Connect onboarding link for the creator's (possibly new) account.</summary>
public sealed record OnboardingLink(string AccountId, string Url, bool PayoutsEnabled);

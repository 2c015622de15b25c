namespace Stagecast.Grains.Wallet;

/// <summary>What Stripe said about a transfer: made, refused for good, or nothing definite (timeout, 5xx, connection lost).</summary>
public enum TransferResultKind
{
    Paid,
    Refused,
    Unknown,
}

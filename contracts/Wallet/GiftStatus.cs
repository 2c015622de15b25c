namespace Stagecast.Contracts.Wallet;

/// <summary>What became of a gift order.</summary>
public enum GiftStatus
{
    /// <summary>Paid now by this call.</summary>
    Sent,
    /// <summary>Paid earlier by a call with the same request id; nothing moved now.</summary>
    Repeated,
    InsufficientCoins,
    /// <summary>The wallet is negative (a refund or chargeback of spent coins): no gifting until settled.</summary>
    WalletNegative,
    UnknownGift,
    InvalidCount,
    SelfGift,
    InvalidRequest,
}

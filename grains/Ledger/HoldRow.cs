namespace Stagecast.Grains.Ledger;

/// <summary>Diamonds a creator earned from one gift, held until <see cref="ReleaseAtMs"/> so a reversal can claw them back.</summary>
public sealed record HoldRow(string Key, string CreatorId, string SenderId, string RoomId, string GiftId, long Coins, long Diamonds, long AtMs, long ReleaseAtMs);

namespace Stagecast.Grains.Rooms;

/// <summary>A sender's current streak of one streakable gift.</summary>
internal sealed record GiftStreak(string GiftId, long LastAt, int Combo);

using Stagecast.Contracts.Rooms;

namespace Stagecast.Grains.Rooms;

/// <summary>
/// What a moderation command did: its result, whether the room's state changed (and must be written), a replaced
/// state record where an init-only setting changed, and what to announce to viewers once written.
/// </summary>
internal readonly record struct ModerationChange(
    RoomResult Result,
    bool Changed = false,
    LiveRoomState? Replaced = null,
    ModerationNotice? Notice = null,
    long? DeletedComment = null);

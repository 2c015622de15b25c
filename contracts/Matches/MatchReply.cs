namespace Stagecast.Contracts.Matches;

/// <summary>How a match command went: the gateway turns each refusal into problem details.</summary>
public enum MatchReply
{
    Ok = 0,
    UnknownMatch,
    UnknownRoom,
    NotHost,
    RoomNotLive,
    SameRoom,
    Busy,
    Expired,
    WrongState,
    InvalidDuration,

    /// <summary>Random matching: the asking host has no studio open for the room.</summary>
    StudioNotConnected,
}

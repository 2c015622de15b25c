using Microsoft.AspNetCore.SignalR;
using Stagecast.Contracts.Rooms;
using Stagecast.Gateway.Problems;

namespace Stagecast.Gateway.Rooms;

/// <summary>The stable error codes of rooms, on the hub (typed HubException) and over HTTP (problem details).</summary>
public static class RoomErrors
{
    public const string UnknownRoom = "unknown_room";
    public const string RoomEnded = "room_ended";
    public const string NotAllowed = "not_allowed";
    public const string Banned = "banned";
    public const string Muted = "muted";
    public const string RateLimited = "rate_limited";
    public const string InvalidText = "invalid_text";
    public const string InvalidArgument = "invalid_argument";
    public const string AuthRequired = "auth_required";
    public const string Blocked = "blocked";
    public const string SubscribersOnly = "subscribers_only";

    public static (string Code, string Detail, int Status) Describe(RoomResult result) => result switch
    {
        RoomResult.UnknownRoom => (UnknownRoom, "There is no such room.", 404),
        RoomResult.RoomEnded => (RoomEnded, "The room has ended.", 409),
        RoomResult.NotAllowed => (NotAllowed, "Only the host or a moderator may do that.", 403),
        RoomResult.Banned => (Banned, "You are banned from this room.", 403),
        RoomResult.Muted => (Muted, "You are muted in this room.", 403),
        RoomResult.Blocked => (Blocked, "The host has blocked you: you cannot comment or gift in their rooms.", 403),
        RoomResult.RateLimited => (RateLimited, "Too fast: slow down (rate limit or slow mode).", 429),
        RoomResult.SubscribersOnly => (SubscribersOnly, "Only the host's subscribers may comment now (subscriber-only chat).", 403),
        RoomResult.InvalidText => (InvalidText, "Comments are 1 to 300 characters and may not contain blocked words.", 400),
        _ => (InvalidArgument, "An argument is out of range.", 400),
    };

    public static HubException Hub(RoomResult result)
    {
        var (code, detail, _) = Describe(result);
        return HubErrors.Error(code, detail);
    }

    public static IResult Http(RoomResult result)
    {
        var (code, detail, status) = Describe(result);
        return Problem.Of(status, code, "The room refused the request.", detail);
    }

    /// <summary>Room ids are short URL-safe strings; anything else cannot name a room.</summary>
    public static bool IsRoomId(string? roomId) =>
        roomId is { Length: > 0 and <= 64 } && roomId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}

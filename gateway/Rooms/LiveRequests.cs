namespace Stagecast.Gateway.Rooms;

/// <summary>POST /api/live body.</summary>
public sealed record OpenRoomRequest(string? Title);

/// <summary>201 answer to POST /api/live; <paramref name="RtmpUrl"/> is null when this gateway takes no RTMP.</summary>
public sealed record OpenRoomResponse(string RoomId, string WhipUrl, string StreamKey, string HlsUrl, string? RtmpUrl = null, string? WhepUrl = null, string? RtmpsUrl = null);

/// <summary>Answer to POST /api/live/{roomId}/stream-key.</summary>
public sealed record StreamKeyResponse(string StreamKey);

/// <summary>PUT /api/live/{roomId}/mutes/{userId} body: mute length in seconds (1 s to 7 days).</summary>
public sealed record MuteRequest(int Seconds);

/// <summary>PUT /api/live/{roomId}/slow-mode body: seconds between one user's comments (0 turns it off, at most 3600).</summary>
public sealed record SlowModeRequest(int Seconds);

/// <summary>Body of PUT /api/live/{roomId}/subscribers-only.</summary>
public sealed record SubscribersOnlyRequest(bool Enabled);

/// <summary>PUT /api/live/{roomId}/blocked-keywords body: the whole list (at most 200 words of at most 50 characters).</summary>
public sealed record BlockedKeywordsRequest(IReadOnlyList<string>? Keywords);

/// <summary>GET /api/live/{roomId}: the room's public view.</summary>
public sealed record RoomResponse(
    string RoomId,
    string Title,
    string HostId,
    string HostDisplayName,
    string Status,
    int Viewers,
    long Likes,
    IReadOnlyList<TopGifterResponse> TopGifters,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    string? EndedReason);

/// <summary>One row of a room's top-gifter board.</summary>
public sealed record TopGifterResponse(string UserId, string DisplayName, long Coins);

/// <summary>One room of GET /api/live.</summary>
public sealed record LiveRoomListItem(string RoomId, string Title, string HostId, string HostDisplayName, DateTimeOffset StartedAt, int Viewers,
    string Status);

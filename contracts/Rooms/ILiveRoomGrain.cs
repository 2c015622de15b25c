namespace Stagecast.Contracts.Rooms;

/// <summary>One live room, keyed by room id: lifecycle, presence, chat, moderation and its fan-out.</summary>
[Alias("Stagecast.ILiveRoomGrain")]
public interface ILiveRoomGrain : IGrainWithStringKey
{
    /// <summary>Whether the user may gift into this room now (room live, user not banned).</summary>
    [Alias("CheckGift")]
    Task<GiftGate> CheckGift(string userId);

    /// <summary>Pushes a paid gift to every viewer (with combo count) and updates the top-gifter board.</summary>
    [Alias("PublishGift")]
    Task PublishGift(GiftEvent gift);

    /// <summary>Publishes many paid gifts at once (a gateway coalesces its gifts per room); each is handled as by PublishGift.</summary>
    [Alias("PublishGifts")]
    Task PublishGifts(IReadOnlyList<GiftEvent> gifts);

    /// <summary>Sends the room's LIVE Match (invitation, score, result) to every viewer with the next batch; the latest wins.</summary>
    [Alias("PublishMatch")]
    Task PublishMatch(Stagecast.Contracts.Matches.MatchView match);

    /// <summary>The room's status, host and bans, for a gateway's short-lived gift gate.</summary>
    [Alias("GetGiftGate")]
    Task<GiftGateSnapshot> GetGiftGate();

    /// <summary>Creates the room for its host; returns the stream key, or null when the id is taken.</summary>
    [Alias("Open")]
    Task<string?> Open(string hostId, string hostDisplayName, string title);

    /// <summary>The host (or the media path, with a null actor) takes a created room live.</summary>
    [Alias("GoLive")]
    Task<RoomResult> GoLive(string? actorId);

    /// <summary>Records that the publisher's media stopped (the room stays live until ended).</summary>
    [Alias("MediaEnded")]
    Task MediaEnded();

    /// <summary>The host or a moderator ends the room; viewers get roomEnded.</summary>
    [Alias("End")]
    Task<RoomResult> End(string actorId);

    /// <summary>The platform ends the room (a report upheld, the host restricted); viewers and the host are told it was removed.</summary>
    [Alias("TakeDown")]
    Task TakeDown();

    /// <summary>The public view of the room (no comments), or null when no such room was opened.</summary>
    [Alias("GetInfo")]
    Task<RoomInfo?> GetInfo();

    /// <summary>The join snapshot (info plus the last 50 comments) if the user may watch.</summary>
    [Alias("Join")]
    Task<RoomJoin> Join(string? userId);

    /// <summary>True when the room is open (created or live) and the key is its current stream key.</summary>
    [Alias("IsValidStreamKey")]
    Task<bool> IsValidStreamKey(string streamKey);

    /// <summary>The host replaces the stream key; returns the new one.</summary>
    [Alias("RotateStreamKey")]
    Task<KeyRotation> RotateStreamKey(string actorId);

    /// <summary>Posts a comment after every rule (length, rate, slow mode, mute, ban, keywords, subscriber-only) has passed; the gateway names the author's badge.</summary>
    [Alias("Comment")]
    Task<RoomResult> Comment(string userId, string displayName, string text, Subscriptions.SubscriberBadge? badge = null);

    /// <summary>Adds likes (1..100 per call), rate limited per user.</summary>
    [Alias("Like")]
    Task<RoomResult> Like(string userId, int count);

    /// <summary>The host appoints or removes a moderator.</summary>
    [Alias("SetModerator")]
    Task<RoomResult> SetModerator(string actorId, string userId, bool isModerator);

    /// <summary>Host or moderator mutes a user for a duration (zero unmutes).</summary>
    [Alias("Mute")]
    Task<RoomResult> Mute(string actorId, string userId, TimeSpan duration);

    /// <summary>Host or moderator bans (or unbans) a user from the room; a banned user is removed and cannot rejoin.</summary>
    [Alias("Ban")]
    Task<RoomResult> Ban(string actorId, string userId, bool banned);

    /// <summary>Host or moderator deletes a comment; clients get commentDeleted.</summary>
    [Alias("DeleteComment")]
    Task<RoomResult> DeleteComment(string actorId, long commentId);

    /// <summary>Host or moderator sets slow mode: one comment per N seconds per user (0 turns it off).</summary>
    [Alias("SetSlowMode")]
    Task<RoomResult> SetSlowMode(string actorId, int seconds);

    /// <summary>Host or moderator switches subscriber-only chat on or off (the host and moderators may always comment).</summary>
    [Alias("SetSubscribersOnly")]
    Task<RoomResult> SetSubscribersOnly(string actorId, bool enabled);

    /// <summary>Host or moderator replaces the blocked keywords (matched case-insensitively after Unicode normalisation).</summary>
    [Alias("SetBlockedKeywords")]
    Task<RoomResult> SetBlockedKeywords(string actorId, IReadOnlyList<string> keywords);

    /// <summary>The moderation settings, for the host and moderators.</summary>
    [Alias("GetModeration")]
    Task<RoomModeration?> GetModeration(string actorId);

    /// <summary>
    /// A gateway's lease: its local viewer count (people: a signed-in user once whatever their tabs, each anonymous
    /// connection once), the observer that receives this room's batches, and how many of those counted are the host
    /// (1 while the studio or the host's own tab is connected there, so the grain takes them off).
    /// </summary>
    [Alias("ReportPresence")]
    Task<RoomStatus> ReportPresence(string gatewayId, IRoomObserver observer, int viewers, int hostConnections = 0);

    /// <summary>
    /// Whether the host's studio is connected to the room: true while a gateway's lease counts a host hub connection,
    /// false once the last one went away (closed, or its gateway's lease ran out), null when none was seen since the
    /// room's grain started (a host driving the room by API only).
    /// </summary>
    [Alias("StudioConnected")]
    Task<bool?> StudioConnected();

    /// <summary>The host's block list changed (the host's block-list grain tells each of their open rooms); false once the room ended.</summary>
    [Alias("SetHostBlocks")]
    Task<bool> SetHostBlocks(IReadOnlyList<string> blocked);

    /// <summary>A viewer of this room changed their block list (their block-list grain tells the rooms they watch): every gateway with viewers here gets it with the next batch.</summary>
    [Alias("ViewerBlocksChanged"), Orleans.Concurrency.AlwaysInterleave]
    Task ViewerBlocksChanged(string userId, IReadOnlyList<string> blocked);

    /// <summary>The comments of <paramref name="userId"/> still in the room's chat history, oldest first (privacy export).</summary>
    [Alias("CommentsBy")]
    Task<IReadOnlyList<RoomComment>> CommentsBy(string userId);

    /// <summary>Removes every comment of <paramref name="userId"/> from the chat history (viewers get commentDeleted); the count removed.</summary>
    [Alias("ForgetUser")]
    Task<int> ForgetUser(string userId);

    /// <summary>
    /// After the account's deletion: its row on the top-gifter board names <paramref name="pseudonym"/> and
    /// "Deleted user" instead (viewers get the new board), and so does the room's host when it was theirs; false when
    /// the room named the user nowhere.
    /// </summary>
    [Alias("Pseudonymise")]
    Task<bool> Pseudonymise(string userId, string pseudonym);
}

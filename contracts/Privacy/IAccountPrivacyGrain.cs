namespace Stagecast.Contracts.Privacy;

/// <summary>One account's privacy side, keyed by user id: the rooms it hosted (their recordings), its exports, and its deletion.</summary>
[Alias("Stagecast.IAccountPrivacyGrain")]
public interface IAccountPrivacyGrain : IGrainWithStringKey
{
    /// <summary>Remembers a room this user opened, so that its recordings can be exported and deleted.</summary>
    [Alias("NoteRoom")]
    Task NoteRoom(string roomId);

    /// <summary>Remembers a video this user commented on or liked, so that the comments and like can be exported and erased.</summary>
    [Alias("NoteEngagement")]
    Task NoteEngagement(string videoId);

    /// <summary>Remembers a live room this user commented in, so that the live-chat comments can be exported and erased.</summary>
    [Alias("NoteChatRoom")]
    Task NoteChatRoom(string roomId);

    /// <summary>Live rooms this user commented in, oldest first.</summary>
    [Alias("ChatRooms")]
    Task<IReadOnlyList<string>> ChatRooms();

    /// <summary>Videos this user commented on or liked, oldest first.</summary>
    [Alias("EngagedVideos")]
    Task<IReadOnlyList<string>> EngagedVideos();

    /// <summary>The rooms this user opened, oldest first.</summary>
    [Alias("Rooms")]
    Task<IReadOnlyList<string>> Rooms();

    /// <summary>Whether the account could be deleted now (Deleted) or what stands in the way; changes nothing.</summary>
    [Alias("CheckDeletion")]
    Task<AccountDeletion> CheckDeletion();

    /// <summary>
    /// Deletes the account (the caller re-authenticated it): refused while money is open; otherwise sessions revoked, live
    /// rooms ended, videos and follows removed, the profile erased, the ledger pseudonymised, and the username and the
    /// look-alike claims of its names (<paramref name="nameClaims"/>: username-grain keys) held until
    /// <paramref name="usernameHeldUntil"/>. Safe to repeat after a crash, and once confirmed finished by the grain
    /// itself if the call is cut off.
    /// </summary>
    [Alias("Delete")]
    Task<AccountDeletion> Delete(DateTimeOffset usernameHeldUntil, IReadOnlyList<string> nameClaims);
}

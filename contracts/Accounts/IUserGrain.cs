namespace Stagecast.Contracts.Accounts;

/// <summary>One user account, keyed by user id.</summary>
[Alias("Stagecast.IUserGrain")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>Creates the account once; a repeat with the same username is a no-op returning true, otherwise false.</summary>
    [Alias("Create")]
    Task<bool> Create(string username, string displayName, string passwordHash);

    /// <summary>The profile, or null when the account does not exist.</summary>
    [Alias("GetProfile")]
    Task<UserProfile?> GetProfile();

    /// <summary>Username and password hash for login, or null when the account does not exist.</summary>
    [Alias("GetCredentials")]
    Task<UserCredentials?> GetCredentials();

    /// <summary>Replaces the stored password hash (rehash on login, password change).</summary>
    [Alias("SetPasswordHash")]
    Task SetPasswordHash(string passwordHash);

    /// <summary>Edits display name, avatar URL or bio; returns the new profile.</summary>
    [Alias("UpdateProfile")]
    Task<UserProfile> UpdateProfile(ProfileUpdate update);

    /// <summary>This user starts following another; idempotent.</summary>
    [Alias("Follow")]
    Task Follow(string targetUserId);

    /// <summary>This user stops following another; idempotent.</summary>
    [Alias("Unfollow")]
    Task Unfollow(string targetUserId);

    /// <summary>Called on the followed user's grain by the follower's grain.</summary>
    [Alias("AddFollower")]
    Task AddFollower(string followerUserId);

    /// <summary>Called on the unfollowed user's grain by the former follower's grain.</summary>
    [Alias("RemoveFollower")]
    Task RemoveFollower(string followerUserId);

    /// <summary>A page of follower ids, newest first.</summary>
    [Alias("GetFollowers")]
    Task<IReadOnlyList<string>> GetFollowers(int skip, int take);

    /// <summary>A page of followed user ids, newest first.</summary>
    [Alias("GetFollowing")]
    Task<IReadOnlyList<string>> GetFollowing(int skip, int take);

    /// <summary>The session version every token of this user must carry; bumped to revoke them all.</summary>
    [Alias("GetSessionVersion")]
    Task<int> GetSessionVersion();

    /// <summary>Revokes every session (password change, log out everywhere, suspension, deletion); returns the new version.</summary>
    [Alias("RevokeSessions")]
    Task<int> RevokeSessions();

    /// <summary>Starts a refresh-token family for a new sign-in.</summary>
    [Alias("StartRefreshFamily")]
    Task<RefreshGrant> StartRefreshFamily();

    /// <summary>Rotates a family's refresh token; null when it is unknown, revoked, or was already used (which revokes the family).</summary>
    [Alias("Refresh")]
    Task<RefreshGrant?> Refresh(string familyId, string secret);

    /// <summary>Deletes the account's personal data (credentials, profile, follows, refresh families) and revokes every session; idempotent.</summary>
    [Alias("Erase")]
    Task Erase();
}

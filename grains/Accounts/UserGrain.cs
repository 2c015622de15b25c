using Stagecast.Contracts.Accounts;

namespace Stagecast.Grains.Accounts;

/// <summary>One account: credentials, sessions and refresh families (<see cref="RefreshFamilies"/>), profile and follows (<see cref="UserProfiles"/>).</summary>
public sealed class UserGrain(
    [PersistentState("user", "store")] IPersistentState<UserState> state) : Grain, IUserGrain
{
    private string UserId => this.GetPrimaryKeyString();

    private bool Exists => state.State.Username is not null;

    public async Task<bool> Create(string username, string displayName, string passwordHash)
    {
        if (Exists)
        {
            return string.Equals(state.State.Username, username, StringComparison.Ordinal);
        }
        state.State = state.State with
        {
            Username = username,
            DisplayName = displayName,
            PasswordHash = passwordHash,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        await state.WriteStateAsync();
        return true;
    }

    public Task<UserProfile?> GetProfile() => Task.FromResult(Exists ? Profile() : null);

    public Task<UserCredentials?> GetCredentials() => Task.FromResult(
        Exists ? new UserCredentials(UserId, state.State.Username!, state.State.PasswordHash!) : null);

    public async Task SetPasswordHash(string passwordHash)
    {
        RequireExists();
        state.State = state.State with { PasswordHash = passwordHash };
        await state.WriteStateAsync();
    }

    public Task<int> GetSessionVersion() => Task.FromResult(state.State.SessionVersion);

    public async Task<int> RevokeSessions()
    {
        RequireExists();
        state.State = state.State with { SessionVersion = state.State.SessionVersion + 1, RefreshFamilies = RefreshFamilies.None };
        await state.WriteStateAsync();
        return state.State.SessionVersion;
    }

    public async Task Erase()
    {
        state.State = UserProfiles.Erased(state.State);
        await state.WriteStateAsync();
    }

    public async Task<RefreshGrant> StartRefreshFamily()
    {
        RequireExists();
        var (familyId, secret) = (Guid.NewGuid().ToString("N"), RefreshFamilies.NewSecret());
        state.State = state.State with { RefreshFamilies = RefreshFamilies.Start(state.State.RefreshFamilies, familyId, secret, DateTimeOffset.UtcNow) };
        await state.WriteStateAsync();
        return new RefreshGrant(familyId, secret, state.State.SessionVersion, state.State.Username!);
    }

    public async Task<RefreshGrant?> Refresh(string familyId, string secret)
    {
        if (!Exists)
        {
            return null;
        }
        var next = RefreshFamilies.NewSecret();
        var (families, rotated) = RefreshFamilies.Use(state.State.RefreshFamilies, familyId, secret, next, DateTimeOffset.UtcNow);
        if (!ReferenceEquals(families, state.State.RefreshFamilies))
        {
            state.State = state.State with { RefreshFamilies = families };
            await state.WriteStateAsync();
        }
        return rotated ? new RefreshGrant(familyId, next, state.State.SessionVersion, state.State.Username!) : null;
    }

    public async Task<UserProfile> UpdateProfile(ProfileUpdate update)
    {
        RequireExists();
        state.State = UserProfiles.Updated(state.State, update);
        await state.WriteStateAsync();
        return Profile();
    }

    public async Task Follow(string targetUserId)
    {
        RequireExists();
        if (targetUserId == UserId)
        {
            throw new ArgumentException("A user cannot follow themselves.", nameof(targetUserId));
        }
        var target = GrainFactory.GetGrain<IUserGrain>(targetUserId);
        if (await target.GetProfile() is null)
        {
            throw new KeyNotFoundException($"User {targetUserId} does not exist.");
        }
        if (!state.State.Following.Contains(targetUserId))
        {
            state.State = state.State with { Following = state.State.Following.Add(targetUserId) };
            await state.WriteStateAsync();
        }
        // Called every time (idempotent there) so a crash between the two writes heals on retry.
        await target.AddFollower(UserId);
    }

    public async Task Unfollow(string targetUserId)
    {
        RequireExists();
        if (state.State.Following.Contains(targetUserId))
        {
            state.State = state.State with { Following = state.State.Following.Remove(targetUserId) };
            await state.WriteStateAsync();
        }
        await GrainFactory.GetGrain<IUserGrain>(targetUserId).RemoveFollower(UserId);
    }

    public async Task AddFollower(string followerUserId)
    {
        if (!Exists || state.State.Followers.Contains(followerUserId))
        {
            return;
        }
        state.State = state.State with { Followers = state.State.Followers.Add(followerUserId) };
        await state.WriteStateAsync();
    }

    public async Task RemoveFollower(string followerUserId)
    {
        if (!Exists || !state.State.Followers.Contains(followerUserId))
        {
            return;
        }
        state.State = state.State with { Followers = state.State.Followers.Remove(followerUserId) };
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<string>> GetFollowers(int skip, int take) => Task.FromResult(UserProfiles.Page(state.State.Followers, skip, take));

    public Task<IReadOnlyList<string>> GetFollowing(int skip, int take) => Task.FromResult(UserProfiles.Page(state.State.Following, skip, take));

    private UserProfile Profile() => UserProfiles.Profile(UserId, state.State);

    private void RequireExists()
    {
        if (!Exists)
        {
            throw new KeyNotFoundException($"User {UserId} does not exist.");
        }
    }
}

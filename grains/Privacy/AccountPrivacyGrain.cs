using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stagecast.Contracts.Accounts;
using Stagecast.Contracts.Privacy;
using Stagecast.Contracts.Videos;
using Stagecast.Grains.Ledger;
using Stagecast.Grains.Storage;
using Stagecast.Grains.Subscriptions;

namespace Stagecast.Grains.Privacy;

/// <summary>
/// An account's privacy side: the rooms it hosted, and its deletion. Deletion first checks the ledger (nothing open),
/// then revokes sessions and ends live rooms (no gift can arrive afterwards), removes videos and follows
/// (<see cref="AccountErasure"/>), pseudonymises the ledger, erases the profile and email, and holds the username.
/// Every step is idempotent, so a deletion that died half-way completes when repeated; the tombstone id is chosen once
/// and stored before the ledger is touched, so the repeat names the account by the same id everywhere. The user need not
/// repeat it: once confirmed, a deletion cut off half-way is retried by the grain itself (a timer every
/// <see cref="DeletionRetryOptions.DeletionRetry"/>, and a reminder across restarts) until it completes, or until the
/// ledger refuses it (money arrived meanwhile: nothing was pseudonymised, so the tombstone is forgotten and the account
/// stays). No tombstone is kept once the deletion is over either way.
/// </summary>
public sealed class AccountPrivacyGrain(
    [PersistentState("privacy", "store")] IPersistentState<AccountPrivacyState> state,
    LedgerService ledger,
    IRelationalDatabase database,
    IGrainFactory grains,
    TimeProvider clock,
    IOptions<DeletionRetryOptions> retryOptions,
    ILogger<AccountPrivacyGrain> logger) : Grain, IAccountPrivacyGrain, IRemindable
{
    private const string RetryReminder = "finish-deletion";
    private IGrainTimer? _retryTimer;

    private string UserId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.DeletingTombstone is not null)
        {
            WatchDeletion();
        }
        return Task.CompletedTask;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => FinishDeletionAsync();

    public async Task NoteRoom(string roomId)
    {
        if (!state.State.Rooms.Contains(roomId))
        {
            state.State = state.State with { Rooms = state.State.Rooms.Add(roomId) };
            await state.WriteStateAsync();
        }
    }

    public async Task NoteEngagement(string videoId)
    {
        if (!state.State.EngagedVideos.Contains(videoId))
        {
            state.State = state.State with { EngagedVideos = state.State.EngagedVideos.Add(videoId) };
            await state.WriteStateAsync();
        }
    }

    public async Task NoteChatRoom(string roomId)
    {
        if (!state.State.ChatRooms.Contains(roomId))
        {
            state.State = state.State with { ChatRooms = state.State.ChatRooms.Add(roomId) };
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<string>> ChatRooms() => Task.FromResult<IReadOnlyList<string>>(state.State.ChatRooms);

    public Task<IReadOnlyList<string>> EngagedVideos() => Task.FromResult<IReadOnlyList<string>>(state.State.EngagedVideos);

    public Task<IReadOnlyList<string>> Rooms() => Task.FromResult<IReadOnlyList<string>>(state.State.Rooms);

    public async Task<AccountDeletion> CheckDeletion() => await CheckAsync(await UsernameAsync(), "deleted-check");

    private async Task<string?> UsernameAsync() =>
        (await grains.GetGrain<IUserGrain>(UserId).GetProfile())?.Username ?? state.State.DeletingUsername;

    // Deleted when nothing in the ledger stands in the way; nothing changes here.
    private async Task<AccountDeletion> CheckAsync(string? username, string tombstone)
    {
        if (username is null)
        {
            return new AccountDeletion(AccountDeletionStatus.UnknownUser);
        }
        await SubscriptionSchema.EnsureAsync(database);
        await (await ledger.Reader.OpenAsync()).DisposeAsync();
        // Matured holds become available diamonds first, so the check sees what the wallet shows.
        await ledger.Writer.SubmitAsync<long>(new ReleaseHoldsCommand(UserId));
        return await ledger.Writer.SubmitAsync<AccountDeletion>(new PseudonymiseCommand(UserId, tombstone, checkOnly: true));
    }

    public async Task<AccountDeletion> Delete(DateTimeOffset usernameHeldUntil, IReadOnlyList<string> nameClaims)
    {
        var user = grains.GetGrain<IUserGrain>(UserId);
        var username = await UsernameAsync();
        var displayName = (await user.GetProfile())?.DisplayName ?? state.State.DeletingDisplayName;
        // Chosen once: a deletion repeated after a crash must reuse the tombstone the ledger may already carry.
        var tombstone = state.State.DeletingTombstone ?? Pseudonyms.TombstonePrefix + Guid.NewGuid().ToString("N");
        var check = await CheckAsync(username, tombstone);
        if (check.Status != AccountDeletionStatus.Deleted)
        {
            await AbandonAsync();
            return check;
        }
        // A retry passes no claims: the ones the confirmed deletion named stay.
        var claims = nameClaims.Count > 0 || state.State.DeletingTombstone is null ? nameClaims.ToImmutableList() : state.State.DeletingNameClaims;
        if (state.State.DeletingTombstone != tombstone || state.State.DeletingUsername != username || state.State.DeletingDisplayName != displayName
            || state.State.DeletingUsernameHeldUntil != usernameHeldUntil || !state.State.DeletingNameClaims.SequenceEqual(claims))
        {
            state.State = state.State with
            {
                DeletingUsername = username, DeletingDisplayName = displayName, DeletingTombstone = tombstone, DeletingUsernameHeldUntil = usernameHeldUntil,
                DeletingNameClaims = claims,
            };
            await state.WriteStateAsync();
            // Durable before any step: a deletion cut off from here on is finished by the grain, with or without the user.
            await this.RegisterOrUpdateReminder(RetryReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
            WatchDeletion();
        }

        var erasure = new AccountErasure(grains, UserId, logger);
        await user.RevokeSessions();
        await erasure.EndLiveRoomsAsync();
        var videos = await erasure.DeleteVideosAsync();
        await grains.GetGrain<IUploadQuotaGrain>(UserId).Erase();
        await erasure.RemoveFollowsAsync();
        await erasure.ForgetEngagementAsync(state.State.EngagedVideos);
        await erasure.ForgetLiveActivityAsync(state.State.ChatRooms);
        var ledgerDone = await ledger.Writer.SubmitAsync<AccountDeletion>(new PseudonymiseCommand(UserId, tombstone));
        if (ledgerDone.Status != AccountDeletionStatus.Deleted)
        {
            // Money arrived between the check and now (the rooms were ending): the account stays, its sessions revoked.
            await AbandonAsync();
            return ledgerDone;
        }
        string[] names = displayName is null || displayName == username ? ["@" + username, username!] : ["@" + username, username!, displayName];
        // The rooms it spoke or gifted in, and the rooms it hosted (their host, and the matches they played).
        await erasure.PseudonymiseAsync(state.State.ChatRooms.Union(state.State.Rooms), tombstone, names);
        // Every gateway deletes the recordings of these rooms from its own disk (RecordingEraser).
        await grains.GetGrain<IRecordingErasureGrain>(0).Erase(state.State.Rooms);
        await user.Erase();
        await grains.GetGrain<IAccountEmailGrain>(UserId).Erase();
        await grains.GetGrain<IUsernameGrain>(username!.ToLowerInvariant()).Release(UserId, usernameHeldUntil);
        // The look of the names is held as long as the username: nobody can pose as the account just deleted.
        foreach (var claim in claims)
        {
            await grains.GetGrain<IUsernameGrain>(claim).Release(UserId, usernameHeldUntil);
        }
        state.State = state.State with
        {
            DeletingUsername = null, DeletingDisplayName = null, DeletingTombstone = null, DeletingUsernameHeldUntil = null, DeletingNameClaims = [],
            DeletedAt = clock.GetUtcNow(),
        };
        await state.WriteStateAsync();
        await StopWatchingAsync();
        logger.LogInformation("Account {UserId} deleted; ledger pseudonymised as {Tombstone}", UserId, tombstone);
        return new AccountDeletion(AccountDeletionStatus.Deleted, RoomIds: state.State.Rooms, VideosDeleted: videos);
    }

    /// <summary>Tries a confirmed deletion that was cut off again; a failure waits for the next tick.</summary>
    private async Task FinishDeletionAsync()
    {
        if (state.State is not { DeletingTombstone: not null, DeletingUsernameHeldUntil: { } heldUntil })
        {
            await StopWatchingAsync();
            return;
        }
        try
        {
            var result = await Delete(heldUntil, []);
            logger.LogInformation("Unfinished deletion of {UserId} retried: {Status}", UserId, result.Status);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Unfinished deletion of {UserId} failed again; retrying in {Period}", UserId, retryOptions.Value.DeletionRetry);
        }
    }

    /// <summary>
    /// The ledger refused the deletion (an open balance or cash-out): it pseudonymised nothing, so the chosen tombstone
    /// names nothing and is forgotten, and no retry is left running. The account stays.
    /// </summary>
    private async Task AbandonAsync()
    {
        if (state.State.DeletingTombstone is null)
        {
            return;
        }
        state.State = state.State with
        {
            DeletingUsername = null, DeletingDisplayName = null, DeletingTombstone = null, DeletingUsernameHeldUntil = null, DeletingNameClaims = [],
        };
        await state.WriteStateAsync();
        await StopWatchingAsync();
    }

    private void WatchDeletion()
    {
        _retryTimer?.Dispose();
        var period = retryOptions.Value.DeletionRetry;
        _retryTimer = this.RegisterGrainTimer(_ => FinishDeletionAsync(), period, period);
    }

    private async Task StopWatchingAsync()
    {
        _retryTimer?.Dispose();
        _retryTimer = null;
        if (await this.GetReminder(RetryReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }
}

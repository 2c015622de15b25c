using Stagecast.Contracts.Rooms;

namespace Stagecast.Grains.Rooms;

/// <summary>Moderators, mutes, bans, comment deletion, slow mode and blocked keywords: written through, announced to viewers.</summary>
public sealed partial class LiveRoomGrain
{
    public async Task<RoomResult> SetModerator(string actorId, string userId, bool isModerator)
    {
        if (Gate(Actor.Host, actorId) is var denied and not RoomResult.Ok)
        {
            return denied;
        }
        if (string.IsNullOrEmpty(userId) || userId == S.HostId)
        {
            return RoomResult.InvalidArgument;
        }
        var changed = isModerator ? S.Moderators.Add(userId) : S.Moderators.Remove(userId);
        if (changed)
        {
            await Save();
            Announce(isModerator ? "moderator" : "unmoderator", userId, null, null);
        }
        return RoomResult.Ok;
    }

    public async Task<RoomResult> Mute(string actorId, string userId, TimeSpan duration)
    {
        if (CanModerate(actorId, userId) is var denied and not RoomResult.Ok)
        {
            return denied;
        }
        if (duration < TimeSpan.Zero || duration > RoomRules.MaxMute)
        {
            return RoomResult.InvalidArgument;
        }
        if (duration == TimeSpan.Zero)
        {
            S.MutedUntil.Remove(userId);
            Announce("unmute", userId, null, null);
        }
        else
        {
            var until = NowMs + (long)duration.TotalMilliseconds;
            S.MutedUntil[userId] = until;
            Announce("mute", userId, until, (int)Math.Ceiling(duration.TotalSeconds));
        }
        var now = NowMs;
        foreach (var expired in S.MutedUntil.Where(m => m.Value <= now).Select(m => m.Key).ToList())
        {
            S.MutedUntil.Remove(expired);
        }
        await Save();
        return RoomResult.Ok;
    }

    public async Task<RoomResult> Ban(string actorId, string userId, bool banned)
    {
        if (CanModerate(actorId, userId) is var denied and not RoomResult.Ok)
        {
            return denied;
        }
        var changed = banned ? S.Banned.Add(userId) : S.Banned.Remove(userId);
        if (changed)
        {
            await Save();
            Announce(banned ? "ban" : "unban", userId, null, null);
        }
        return RoomResult.Ok;
    }

    public async Task<RoomResult> DeleteComment(string actorId, long commentId)
    {
        if (Gate(Actor.Moderator, actorId) is var denied and not RoomResult.Ok)
        {
            return denied;
        }
        if (S.Comments.RemoveAll(c => c.CommentId == commentId) > 0)
        {
            await Save();
        }
        // Announced even when it has already left the snapshot window: clients may still show it.
        _deleted.Add(commentId);
        return RoomResult.Ok;
    }

    public async Task<RoomResult> SetSlowMode(string actorId, int seconds)
    {
        if (Gate(Actor.Moderator, actorId) is var denied and not RoomResult.Ok)
        {
            return denied;
        }
        if (seconds is < 0 or > RoomRules.MaxSlowModeSeconds)
        {
            return RoomResult.InvalidArgument;
        }
        state.State = S with { SlowModeSeconds = seconds };
        await Save();
        Announce("slowMode", null, null, seconds);
        return RoomResult.Ok;
    }

    public async Task<RoomResult> SetBlockedKeywords(string actorId, IReadOnlyList<string> keywords)
    {
        if (Gate(Actor.Moderator, actorId) is var denied and not RoomResult.Ok)
        {
            return denied;
        }
        if (RoomRules.NormalizeKeywords(keywords) is not { } normalized)
        {
            return RoomResult.InvalidArgument;
        }
        state.State = S with { BlockedKeywords = normalized };
        await Save();
        return RoomResult.Ok;
    }

    public Task<RoomModeration?> GetModeration(string actorId)
    {
        if (Gate(Actor.Moderator, actorId) != RoomResult.Ok && !(S.Status == RoomStatus.Ended && actorId == S.HostId))
        {
            return Task.FromResult<RoomModeration?>(null);
        }
        var now = NowMs;
        return Task.FromResult<RoomModeration?>(new RoomModeration(
            S.Moderators.ToArray(), S.Banned.ToArray(),
            S.MutedUntil.Where(m => m.Value > now).ToDictionary(m => m.Key, m => m.Value),
            S.SlowModeSeconds, S.BlockedKeywords.ToArray()));
    }

    /// <summary>Host or moderator acting on someone else; nobody acts on the host, and only the host on a moderator.</summary>
    private RoomResult CanModerate(string actorId, string userId)
    {
        if (Gate(Actor.Moderator, actorId) is var denied and not RoomResult.Ok)
        {
            return denied;
        }
        if (string.IsNullOrEmpty(userId) || userId == actorId)
        {
            return RoomResult.InvalidArgument;
        }
        return userId == S.HostId || (S.Moderators.Contains(userId) && actorId != S.HostId)
            ? RoomResult.NotAllowed
            : RoomResult.Ok;
    }

    private async Task Save()
    {
        await state.WriteStateAsync();
        _dirty = false;
    }

    private void Announce(string action, string? userId, long? until, int? seconds) =>
        _moderation.Add(new ModerationNotice(action, userId, until, seconds, NowMs));
}

using Microsoft.Extensions.Logging;
using Stagecast.Contracts.Accounts;
using Stagecast.Contracts.Feed;
using Stagecast.Contracts.Matches;
using Stagecast.Contracts.Moderation;
using Stagecast.Contracts.Rooms;
using Stagecast.Contracts.Videos;

namespace Stagecast.Grains.Privacy;

/// <summary>The content steps of an account deletion, each idempotent: live rooms, videos (with their files), comments and likes, follows.</summary>
internal sealed class AccountErasure(IGrainFactory grains, string userId, ILogger logger)
{
    private const int Page = 500;
    private const string Platform = "platform";

    /// <summary>Ends the user's live rooms (viewers get roomEnded, the publisher is cut off).</summary>
    public async Task EndLiveRoomsAsync()
    {
        foreach (var room in await grains.GetGrain<IRoomDirectoryGrain>("live").List())
        {
            if (room.HostId == userId)
            {
                await grains.GetGrain<ILiveRoomGrain>(room.RoomId).End(userId);
                logger.LogInformation("Room {RoomId} of deleted account {UserId} ended", room.RoomId, userId);
            }
        }
    }

    /// <summary>Deletes every video of the user, finished or not: the files go from storage, the cards from the catalog.</summary>
    public async Task<int> DeleteVideosAsync()
    {
        var count = 0;
        var catalog = grains.GetGrain<IVideoCatalogGrain>(0);
        // The catalog answers a bounded list per owner: repeat until it lists nothing more that could be deleted.
        for (var deleted = -1; deleted != 0;)
        {
            deleted = 0;
            foreach (var card in await catalog.ByOwner(userId, includeUnfinished: true))
            {
                if (await grains.GetGrain<IVideoGrain>(card.VideoId).Delete(userId) == VideoResult.Ok)
                {
                    deleted++;
                }
            }
            count += deleted;
        }
        return count;
    }

    /// <summary>Removes the user's comments and likes from other people's videos.</summary>
    public async Task ForgetEngagementAsync(IEnumerable<string> videoIds)
    {
        foreach (var videoId in videoIds)
        {
            await grains.GetGrain<IVideoGrain>(videoId).ForgetUser(userId);
        }
    }

    /// <summary>Removes the user's live-chat comments from every room they spoke in, and their feed's watch history and interests.</summary>
    public async Task ForgetLiveActivityAsync(IEnumerable<string> chatRooms)
    {
        foreach (var roomId in chatRooms)
        {
            await grains.GetGrain<ILiveRoomGrain>(roomId).ForgetUser(userId);
        }
        await grains.GetGrain<IViewerFeedGrain>(userId).Forget();
    }

    /// <summary>
    /// Where the account stays visible to others, it is named by the ledger's <paramref name="tombstone"/> and
    /// "Deleted user": the top-gifter boards of the rooms it gifted or spoke in, the host of the rooms it hosted, the MVP
    /// rows and host sides of the matches those rooms played, the operators' audit log and reports.
    /// </summary>
    public async Task PseudonymiseAsync(IEnumerable<string> rooms, string tombstone, IReadOnlyList<string> names)
    {
        foreach (var roomId in rooms)
        {
            await grains.GetGrain<ILiveRoomGrain>(roomId).Pseudonymise(userId, tombstone);
            // An ended match stored its final MVPs with names; a running one reads them from the ledger.
            foreach (var matchId in await grains.GetGrain<IRoomMatchGrain>(roomId).Played())
            {
                await grains.GetGrain<IMatchGrain>(matchId).Pseudonymise(userId, tombstone);
            }
        }
        await grains.GetGrain<IModerationAuditGrain>(Platform).Pseudonymise(userId, tombstone);
        await grains.GetGrain<IReportQueueGrain>(Platform).Pseudonymise(userId, tombstone, names);
    }

    /// <summary>Unfollows everyone the user follows, and makes every follower unfollow the user.</summary>
    public async Task RemoveFollowsAsync()
    {
        var user = grains.GetGrain<IUserGrain>(userId);
        for (var following = await user.GetFollowing(0, Page); following.Count > 0; following = await user.GetFollowing(0, Page))
        {
            foreach (var target in following)
            {
                await user.Unfollow(target);
            }
        }
        for (var followers = await user.GetFollowers(0, Page); followers.Count > 0; followers = await user.GetFollowers(0, Page))
        {
            foreach (var follower in followers)
            {
                try
                {
                    await grains.GetGrain<IUserGrain>(follower).Unfollow(userId);
                }
                catch (KeyNotFoundException)
                {
                }
                // A follower whose own account is gone cannot unfollow: drop the entry here.
                await user.RemoveFollower(follower);
            }
        }
    }
}

namespace Stagecast.Contracts.Matches;

/// <summary>One LIVE Match between two live rooms, keyed by match id: invitation, running score and result.</summary>
[Alias("Stagecast.IMatchGrain")]
public interface IMatchGrain : IGrainWithStringKey
{
    /// <summary>Creates the invitation when both rooms are live, the actor hosts the first and neither room is in a match.</summary>
    [Alias("Invite")]
    Task<MatchReply> Invite(MatchInvite invite);

    /// <summary>The opponent's host accepts within the invitation window; the match starts running.</summary>
    [Alias("Accept")]
    Task<MatchReply> Accept(string actorId);

    /// <summary>The opponent's host declines a pending invitation.</summary>
    [Alias("Decline")]
    Task<MatchReply> Decline(string actorId);

    /// <summary>The match with its current score, or null when there is no such match.</summary>
    [Alias("Get")]
    Task<MatchView?> Get();

    /// <summary>
    /// A deleted account: its rows among the stored final MVPs become <paramref name="pseudonym"/>, "Deleted user", and
    /// so does a side it hosted; false when the match named it nowhere.
    /// </summary>
    [Alias("Pseudonymise")]
    Task<bool> Pseudonymise(string userId, string pseudonym);
}

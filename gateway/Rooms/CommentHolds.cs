using Stagecast.Contracts.Rooms;

namespace Stagecast.Gateway.Rooms;

/// <summary>Which viewers of a room must not be sent some of a batch's comments: those who blocked the commenter.</summary>
internal static class CommentHolds
{
    private static readonly Dictionary<string, RoomMember> None = [];

    /// <summary>The members (by connection id) who blocked the author of at least one of <paramref name="comments"/>.</summary>
    public static IReadOnlyDictionary<string, RoomMember> Find(RoomMember[] signedIn, IReadOnlyList<RoomComment> comments)
    {
        if (comments.Count == 0 || signedIn.Length == 0)
        {
            return None;
        }
        Dictionary<string, RoomMember>? held = null;
        foreach (var member in signedIn)
        {
            var blocked = member.Blocks!.Users;
            if (blocked.Count > 0 && comments.Any(c => blocked.Contains(c.UserId)))
            {
                (held ??= new(StringComparer.Ordinal))[member.ConnectionId] = member;
            }
        }
        return held ?? None;
    }

    /// <summary>The batched connections that get the shared batch: all but the held members.</summary>
    public static BatchedConnection[] Without(BatchedConnection[] batched, IReadOnlyDictionary<string, RoomMember> held) =>
        batched.Where(b => !held.ContainsKey(b.Connection.ConnectionId)).ToArray();

    /// <summary>The comments <paramref name="member"/> may see.</summary>
    public static IReadOnlyList<RoomComment> Visible(IReadOnlyList<RoomComment> comments, RoomMember member) =>
        comments.Where(c => !member.Blocks!.Users.Contains(c.UserId)).ToList();

    /// <summary>The connections (getting separate events) that blocked <paramref name="authorId"/>.</summary>
    public static IReadOnlyList<string> Blocking(IReadOnlyDictionary<string, RoomMember> held, string authorId) =>
        held.Count == 0 ? [] : held.Values.Where(m => !m.Batched && m.Blocks!.Users.Contains(authorId)).Select(m => m.ConnectionId).ToList();
}

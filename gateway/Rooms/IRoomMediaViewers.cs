namespace Stagecast.Gateway.Rooms;

/// <summary>
/// Viewers of a room on this gateway who watch its media without a hub connection in the room (WHEP players that
/// are not a watch page's, or whose page has no hub): they count in the room's viewers like hub members.
/// </summary>
public interface IRoomMediaViewers
{
    /// <summary>Media-only viewers of <paramref name="roomId"/>: those whose hub connection is not one that <paramref name="isHubMember"/> knows.</summary>
    int CountWithoutHub(string roomId, Func<string, bool> isHubMember);
}

/// <summary>A gateway without real-time playback has none.</summary>
internal sealed class NoMediaViewers : IRoomMediaViewers
{
    public int CountWithoutHub(string roomId, Func<string, bool> isHubMember) => 0;
}

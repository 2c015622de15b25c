namespace Stagecast.Contracts.Matches;

/// <summary>Random matching: hosts who ask for a random opponent wait here; the next live room that asks plays the first one waiting.</summary>
[Alias("Stagecast.IMatchLobbyGrain")]
public interface IMatchLobbyGrain : IGrainWithIntegerKey
{
    /// <summary>The host asks for a random opponent for their live room: matched at once (the match runs) or left waiting.</summary>
    [Alias("Enter")]
    Task<LobbyTicket> Enter(string hostId, string roomId, int? durationSeconds);

    /// <summary>The host stops waiting; false when the room was not waiting.</summary>
    [Alias("Leave")]
    Task<bool> Leave(string hostId, string roomId);
}

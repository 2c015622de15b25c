namespace Stagecast.Gateway.Media;

/// <summary>What the media endpoints need to know about live rooms.</summary>
public interface IRoomMediaAuthority
{
    /// <summary>True when the room is open (created or live) and the key is its current stream key.</summary>
    ValueTask<bool> IsValidStreamKeyAsync(string roomId, string streamKey, CancellationToken ct);

    /// <summary>The publisher's media has started flowing.</summary>
    ValueTask MediaStartedAsync(string roomId, CancellationToken ct);

    /// <summary>The publisher's media has stopped (DELETE, timeout, or error).</summary>
    ValueTask MediaEndedAsync(string roomId, CancellationToken ct);
}

using Microsoft.AspNetCore.SignalR;

namespace Stagecast.Gateway.Rooms;

/// <summary>What became of one batch for one batched viewer.</summary>
public enum BatchWrite
{
    /// <summary>Handed to the connection's transport.</summary>
    Written,

    /// <summary>Accepted, but the connection's buffers are full, so the write waits for the client to read.</summary>
    Queued,

    /// <summary>Not sent: the previous batch is still waiting for this client (it reads slower than the room talks).</summary>
    Skipped,

    /// <summary>The client has not taken a batch for the room's give-up time: its connection was aborted.</summary>
    Aborted,
}

/// <summary>
/// A batched viewer's connection and its delivery state in one room. A batch is written only when the previous
/// one has left the connection's buffers, so a viewer that stops reading costs at most one queued batch, never
/// stalls the room, and is disconnected once a batch has waited <c>giveUpAfterMs</c> for it (it reconnects and gets
/// a fresh snapshot).
/// </summary>
public sealed class BatchedConnection(HubConnectionContext connection)
{
    private Task? _pending;
    private long _pendingSince;

    public HubConnectionContext Connection => connection;

    /// <summary>Writes <paramref name="message"/> unless the previous batch is still waiting (one writer at a time).</summary>
    public BatchWrite Write(SerializedHubMessage message, long nowMs, long giveUpAfterMs)
    {
        if (_pending is { IsCompleted: false })
        {
            if (nowMs - _pendingSince < giveUpAfterMs)
            {
                return BatchWrite.Skipped;
            }
            _pending = null;
            connection.Abort();
            return BatchWrite.Aborted;
        }
        var write = connection.WriteAsync(message);
        if (write.IsCompletedSuccessfully)
        {
            _pending = null;
            return BatchWrite.Written;
        }
        _pending = write.AsTask();
        _pendingSince = nowMs;
        return BatchWrite.Queued;
    }
}

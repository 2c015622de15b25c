namespace Stagecast.Contracts.Privacy;

/// <summary>
/// The cluster's list of rooms whose recordings must go (their host deleted the account), keyed 0. Recordings sit on
/// the disk of whichever gateway recorded them: every gateway reads the list since its last read and deletes what it
/// holds (<c>RecordingEraser</c>), so a deletion reaches every gateway, also one that was down when it happened.
/// </summary>
[Alias("Stagecast.IRecordingErasureGrain")]
public interface IRecordingErasureGrain : IGrainWithIntegerKey
{
    /// <summary>Adds rooms whose recordings every gateway must delete (idempotent per room).</summary>
    [Alias("Erase")]
    Task Erase(IReadOnlyList<string> roomIds);

    /// <summary>The rooms added after position <paramref name="after"/> (0: all retained), and the position to ask from next.</summary>
    [Alias("Since")]
    Task<RecordingErasures> Since(long after);
}

/// <summary>Rooms whose recordings are to be deleted, and the list position they run to.</summary>
[GenerateSerializer, Immutable, Alias("Stagecast.RecordingErasures")]
public sealed record RecordingErasures([property: Id(0)] IReadOnlyList<string> RoomIds, [property: Id(1)] long Position);

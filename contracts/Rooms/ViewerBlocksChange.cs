namespace Stagecast.Contracts.Rooms;

/// <summary>
/// A viewer's block list changed: every gateway holding the room's viewers replaces that viewer's list at once, so
/// their comment filter holds back the newly blocked users' comments. Travels with the room's batch, never to clients.
/// </summary>
[GenerateSerializer, Immutable, Alias("Stagecast.ViewerBlocksChange")]
public sealed record ViewerBlocksChange(
    [property: Id(0)] string UserId,
    [property: Id(1)] IReadOnlyList<string> Blocked);

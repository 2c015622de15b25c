namespace Stagecast.Fanout.Bench;

public static class BenchNames
{
    public const string Streams = "bench-streams";
    public const string Channels = "bench-channels";
    public const string Namespace = "room";

    /// <summary>The broadcast channel (and relay grain key) of one room and one gateway.</summary>
    public static string RelayKey(string roomId, int subscriber) => roomId + "/" + subscriber;
}

namespace Stagecast.Wallet.Bench;

/// <summary>What the clients need: where the gateway is, the room, the senders and their tokens.</summary>
public sealed record BenchSetup(string BaseAddress, string RoomId, string CreatorId, string[] UserIds, string[] Tokens);

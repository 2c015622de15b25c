using System.Globalization;
using Stagecast.Feed.Eval;

// Offline evaluation of the For You feed on a seeded synthetic world (docs/feed.md, "Evaluation").
// dotnet run --project tests/Stagecast.Feed.Eval -c Release -- --seed 42 --users 500 --videos 5000 --sessions 2000 [--similar 0]
// dotnet run --project tests/Stagecast.Feed.Eval -c Release -- --bench 1 --users 10000 --videos 100000 --requests 4000 --clients 4 [--shards 4]
// dotnet run --project tests/Stagecast.Feed.Eval -c Release -- --bench 2 --users 10000 --clients 200 (push latency to followers)
var options = new Dictionary<string, int>
{
    ["seed"] = 42, ["users"] = 500, ["videos"] = 5000, ["sessions"] = 2000, ["pages"] = 2, ["bench"] = 0, ["requests"] = 4000, ["clients"] = 4, ["shards"] = 4,
    ["similar"] = 1, // 0: the feed's similarity source off (Feed:Similar=false), to measure what it adds
};
for (var i = 0; i + 1 < args.Length; i += 2)
{
    var name = args[i].TrimStart('-');
    if (!options.ContainsKey(name) || !int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var value) || value < (name == "similar" ? 0 : 1))
    {
        Console.Error.WriteLine($"usage: --seed N --users N --videos N --sessions N --pages N [--similar 0|1] [--bench 1 --requests N --clients N --shards N] (bad: {args[i]} {args[i + 1]})");
        return 2;
    }
    options[name] = value;
}
if (options["bench"] == 2)
{
    await FeedPushBench.RunAsync(options["users"], options["clients"]);
    return 0;
}
if (options["bench"] != 0)
{
    await FeedBench.RunAsync(options["seed"], options["videos"], options["users"], options["requests"], options["clients"], options["shards"]);
    return 0;
}
var world = new SyntheticWorld(options["seed"], options["users"], options["videos"], options["sessions"]);
Console.WriteLine($"world: seed {options["seed"]}, {options["users"]} users, {options["videos"]} videos, {world.Creators.Count} creators, " +
    $"{options["sessions"]} sessions x {options["pages"]} pages of {Replay.K}, similarity source {(options["similar"] != 0 ? "on" : "off")}");
var results = new List<EvalResult>();
foreach (var start in new Func<Task<IFeedPolicy>>[]
{
    async () => await GrainFeedPolicy.StartAsync(similar: options["similar"] != 0),
    async () => await GrainFeedPolicy.StartAsync(learned: true, similar: options["similar"] != 0),
    () => Task.FromResult<IFeedPolicy>(new BaselinePolicy("popularity", popular: true, options["seed"])),
    () => Task.FromResult<IFeedPolicy>(new BaselinePolicy("random", popular: false, options["seed"])),
})
{
    await using var policy = await start();
    var clock = System.Diagnostics.Stopwatch.StartNew();
    results.Add(await Replay.RunAsync(world, policy, options["pages"]));
    Console.Error.WriteLine($"{policy.Name}: {clock.Elapsed.TotalSeconds:F1} s" + (policy is GrainFeedPolicy g ? $", {g.Models} models trained" : ""));
}
Console.WriteLine("| policy | Recall@10 | NDCG@10 | watch s / session | intra-list diversity | new-creator exposure |");
Console.WriteLine("|---|---|---|---|---|---|");
foreach (var r in results)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {r.Policy} | {r.RecallAt10:F3} | {r.NdcgAt10:F3} | {r.WatchSecondsPerSession:F1} | {r.IntraListDiversity:F3} | {r.NewCreatorExposure:P1} |"));
}
var popularity = results.Single(r => r.Policy == "popularity");
foreach (var ranker in results.Where(r => r.Policy.StartsWith("ranker", StringComparison.Ordinal)))
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{ranker.Policy} / popularity Recall@10: {ranker.RecallAt10 / popularity.RecallAt10:F2}x"));
}
return 0;

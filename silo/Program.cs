using Stagecast.Grains.Hosting;
using Stagecast.Silo;

// Bursts of blocked work (Redis membership, PostgreSQL pool waits during a failover) must not wait for the
// thread pool's slow injection: start with two threads per core (docs/operations.md, "Process settings").
ThreadPool.GetMinThreads(out var workers, out var io);
ThreadPool.SetMinThreads(Math.Max(workers, 2 * Environment.ProcessorCount), Math.Max(io, 2 * Environment.ProcessorCount));

// A cluster-mode silo: Redis membership, PostgreSQL state; everything else comes from configuration. Its small HTTP
// side serves operators only: /metrics, /dashboard and /health (docs/operations.md, "Silo endpoints").
var builder = WebApplication.CreateBuilder(args);
builder.UseOrleans(silo => silo.AddStagecastSilo(builder.Configuration));
SiloOperations.ConfigureServices(builder);
var app = builder.Build();
SiloOperations.Map(app);
await app.RunAsync();

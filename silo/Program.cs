using Microsoft.Extensions.Hosting;
using Stagecast.Grains.Hosting;

// A cluster-mode silo: Redis membership, PostgreSQL state; everything else comes from configuration.
var builder = Host.CreateApplicationBuilder(args);
builder.UseOrleans(silo => silo.AddStagecastSilo(builder.Configuration));
await builder.Build().RunAsync();

using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using Orleans.TestingHost;
using Stagecast.Contracts.Hosting;
using Stagecast.Grains.Hosting;
using Stagecast.Grains.Ledger;

namespace Stagecast.Wallet.Tests;

/// <summary>Gives TestCluster silos Stagecast's storage (one shared SQLite file) and ledger, with quick failure detection.</summary>
public sealed class LedgerSiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder)
    {
        var options = siloBuilder.Configuration.GetSection(StagecastOptions.Section).Get<StagecastOptions>() ?? new StagecastOptions();
        siloBuilder.Services.AddStagecastStorage(options);
        siloBuilder.Services.AddStagecastLedger();
        siloBuilder.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = TimeSpan.FromSeconds(1);
            o.NumMissedProbesLimit = 2;
            o.NumVotesForDeathDeclaration = 1;
        });
        siloBuilder.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(15));
    }
}

/// <summary>Short client timeouts, so calls to a killed silo fail fast and get retried.</summary>
public sealed class LedgerClientConfigurator : IClientBuilderConfigurator
{
    public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) =>
        clientBuilder.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(15));
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Stagecast.Contracts.Matches;

namespace Stagecast.Grains.Matches;

/// <summary>What match grains take in their constructors: the "Stagecast:Match" options and the gift-fact reader.</summary>
public static class MatchServiceCollectionExtensions
{
    public static IServiceCollection AddStagecastMatches(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(configuration.GetSection(MatchOptions.Section).Get<MatchOptions>() ?? new MatchOptions());
        services.AddSingleton<IRoomGiftFacts, RoomGiftFacts>();
        return services;
    }
}

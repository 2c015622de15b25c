using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Stagecast.Grains.Feed;
using Stagecast.Media.Videos;

namespace Stagecast.Grains.Videos;

/// <summary>
/// The services video and feed grains need on a silo: storage, the ffmpeg transcoder ("Videos" section), the
/// catalog's shard count, the similarity source and the learned feed ranker with its retraining schedule ("Feed" section).
/// </summary>
public static class VideoSiloServices
{
    public static IServiceCollection AddStagecastVideos(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        services.Configure<LearnedRankerOptions>(configuration.GetSection(LearnedRankerOptions.Section));
        services.Configure<CatalogOptions>(configuration.GetSection(CatalogOptions.Section));
        services.Configure<SimilarityOptions>(configuration.GetSection(SimilarityOptions.Section));
        services.AddSingleton<LearnedRanker>();
        services.AddHostedService<LearnedRankerTrainer>();
        return services.AddVideoMedia(configuration.GetSection(VideoOptions.Section).Get<VideoOptions>() ?? new VideoOptions(), dataDirectory);
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Stagecast.Media.Videos;

namespace Stagecast.Grains.Videos;

/// <summary>The services video grains need on a silo: storage and the ffmpeg transcoder ("Videos" section).</summary>
public static class VideoSiloServices
{
    public static IServiceCollection AddStagecastVideos(this IServiceCollection services, IConfiguration configuration, string dataDirectory) =>
        services.AddVideoMedia(configuration.GetSection(VideoOptions.Section).Get<VideoOptions>() ?? new VideoOptions(), dataDirectory);
}

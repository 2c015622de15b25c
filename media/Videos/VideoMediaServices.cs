using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Stagecast.Media.Videos;

/// <summary>Registers video storage, probing and transcoding once, whether the silo or the gateway asks first.</summary>
public static class VideoMediaServices
{
    public static IServiceCollection AddVideoMedia(this IServiceCollection services, VideoOptions options, string dataDirectory)
    {
        services.TryAddSingleton(options);
        services.TryAddSingleton<IVideoStorage>(_ => options.S3.Enabled
            ? S3VideoStorage.Create(options.S3)
            : new LocalVideoStorage(Path.Combine(options.RootFor(dataDirectory), "store")));
        services.TryAddSingleton<VideoProbe>();
        services.TryAddSingleton<VideoTranscoder>();
        return services;
    }
}

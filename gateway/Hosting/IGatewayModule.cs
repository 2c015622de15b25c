namespace Stagecast.Gateway.Hosting;

/// <summary>A feature's services and endpoints, so features plug into the gateway without editing its start-up.</summary>
public interface IGatewayModule
{
    void ConfigureServices(WebApplicationBuilder builder);

    void MapEndpoints(WebApplication app);
}

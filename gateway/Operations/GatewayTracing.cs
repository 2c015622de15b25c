using System.Diagnostics;

namespace Stagecast.Gateway.Operations;

/// <summary>The gateway's own activity source: one span per hub call (tagged with user and room), under ASP.NET Core's.</summary>
public static class GatewayTracing
{
    public const string SourceName = "Stagecast.Gateway";

    public static readonly ActivitySource Source = new(SourceName);
}

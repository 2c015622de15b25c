using System.Reflection;
using System.Runtime.Loader;

namespace Stagecast.Gateway.Hosting;

/// <summary>
/// The embedded mode's composition root: the one place the gateway reaches the silo's implementation. Stagecast.Grains
/// is not a compile reference of the gateway; its dll is copied next to the gateway and loaded here, so a cluster-mode
/// gateway (an Orleans client only) never loads it.
/// </summary>
public static class EmbeddedSilo
{
    private const string GrainsAssembly = "Stagecast.Grains";

    /// <summary>Co-hosts a silo in this process, wired by the grains' own AddStagecastSilo.</summary>
    public static void Add(WebApplicationBuilder builder)
    {
        var addSilo = LoadGrains()
            .GetType("Stagecast.Grains.Hosting.StagecastSiloExtensions", throwOnError: true)!
            .GetMethod("AddStagecastSilo", BindingFlags.Public | BindingFlags.Static, [typeof(ISiloBuilder), typeof(IConfiguration)])
            ?? throw new InvalidOperationException("Stagecast.Grains has no AddStagecastSilo(ISiloBuilder, IConfiguration).");
        builder.UseOrleans(silo => addSilo.Invoke(null, BindingFlags.DoNotWrapExceptions, null, [silo, builder.Configuration], null));
    }

    private static Assembly LoadGrains()
    {
        // A host that references the grains (tests) already has them on its probing paths; the gateway loads them by path.
        var path = Path.Combine(AppContext.BaseDirectory, GrainsAssembly + ".dll");
        try
        {
            return Assembly.Load(new AssemblyName(GrainsAssembly));
        }
        catch (FileNotFoundException) when (File.Exists(path))
        {
            // Orleans looks the grains up again by name (its application parts); answer with the file next to the gateway.
            AssemblyLoadContext.Default.Resolving += (context, name) =>
                name.Name == GrainsAssembly ? context.LoadFromAssemblyPath(path) : null;
            return AssemblyLoadContext.Default.LoadFromAssemblyPath(path);
        }
    }
}

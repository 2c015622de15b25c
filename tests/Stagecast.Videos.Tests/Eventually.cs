namespace Stagecast.Videos.Tests;

/// <summary>Waits for a condition that background work makes true; the timeout only guards against hangs.</summary>
public static class Eventually
{
    public static Task<T> ValueAsync<T>(Func<Task<T>> read, Func<T, bool> accept, string what, int timeoutSeconds = 120) =>
        Stagecast.TestInfrastructure.Poll.UntilAsync(read, accept, what, timeoutSeconds);
}

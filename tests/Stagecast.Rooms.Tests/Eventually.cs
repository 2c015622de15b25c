namespace Stagecast.Rooms.Tests;

/// <summary>Waits for a condition that other processes make true; the timeout only guards against hangs.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string what, int timeoutSeconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting for: {what}");
            }
            await Task.Delay(50);
        }
    }

    public static Task<T> ValueAsync<T>(Func<Task<T>> read, Func<T, bool> accept, string what, int timeoutSeconds = 20) =>
        Stagecast.TestInfrastructure.Poll.UntilAsync(read, accept, what, timeoutSeconds);
}

namespace Stagecast.Videos.Tests;

/// <summary>Waits for a condition that background work makes true; the timeout only guards against hangs.</summary>
public static class Eventually
{
    public static async Task<T> ValueAsync<T>(Func<Task<T>> read, Func<T, bool> accept, string what, int timeoutSeconds = 120)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var value = await read();
            if (accept(value))
            {
                return value;
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting for: {what} (last: {value})");
            }
            await Task.Delay(100);
        }
    }
}

using Xunit;

namespace Stagecast.TestInfrastructure;

/// <summary>Waits for a value that background work produces; the deadline only keeps a broken run from hanging.</summary>
public static class Poll
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> accept, string what, int timeoutSeconds = 60)
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

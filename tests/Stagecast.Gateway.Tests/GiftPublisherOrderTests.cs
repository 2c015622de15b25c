using System.Collections.Concurrent;
using Stagecast.Contracts.Rooms;
using Stagecast.Gateway.Gifts;

namespace Stagecast.Gateway.Tests;

/// <summary>
/// A room's gifts reach it in the order they were paid: the publisher sends a room's next batch only after the room
/// answered the one before (a second call beside the first could arrive first and take the first gift's combo).
/// </summary>
public sealed class GiftPublisherOrderTests
{
    [Fact]
    public async Task A_gift_queued_while_the_rooms_call_is_under_way_goes_in_the_next_call_after_the_answer()
    {
        var queue = new ConcurrentQueue<GiftEvent>();
        queue.Enqueue(Gift("g-1"));
        var firstAnswered = new TaskCompletionSource();
        var calls = new List<(string[] Ids, bool FirstAnswered)>();

        var sending = GiftPublisher.SendInOrderAsync(queue, gifts =>
        {
            calls.Add(([.. gifts.Select(g => g.RequestId)], firstAnswered.Task.IsCompleted));
            if (calls.Count == 1)
            {
                // The sender's next gift is paid while the first call is being made.
                queue.Enqueue(Gift("g-2"));
            }
            return firstAnswered.Task;
        });

        await Task.Delay(50);
        Assert.Single(calls);
        firstAnswered.SetResult();
        await sending;
        // g-2 came in during the round, so it goes with the next one (the publisher's loop runs it at once): a round
        // sends what was queued when it began, so a busy room cannot keep it going.
        Assert.Single(queue);
        await GiftPublisher.SendInOrderAsync(queue, gifts =>
        {
            calls.Add(([.. gifts.Select(g => g.RequestId)], firstAnswered.Task.IsCompleted));
            return Task.CompletedTask;
        });
        Assert.Equal(2, calls.Count);
        Assert.Equal(["g-1"], calls[0].Ids);
        Assert.False(calls[0].FirstAnswered);
        Assert.Equal(["g-2"], calls[1].Ids);
        Assert.True(calls[1].FirstAnswered, "g-2 was sent before the room answered g-1's call");
    }

    private static GiftEvent Gift(string requestId) =>
        new("room", "sender", "Sender", "rose", "Rose", "rose", true, 1, 1, requestId, DateTimeOffset.UnixEpoch);
}

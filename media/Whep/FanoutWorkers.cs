using System.Collections.Concurrent;

namespace Stagecast.Media.Whep;

/// <summary>
/// Dedicated threads that help fan a large room's packets out (<see cref="RoomRtpRelay"/>): the calling thread works
/// through a job's shards itself and the helpers take what they can, so a job finishes even when every helper is busy
/// elsewhere. Not the thread pool: the fan-out runs on a socket thread that holds the publisher's lock, and a pool
/// short of threads (blocking handshakes, a busy gateway) would stall every viewer of the room.
/// </summary>
internal sealed class FanoutWorkers
{
    private static readonly Lazy<FanoutWorkers> s_shared = new(() => new FanoutWorkers(Math.Clamp(Environment.ProcessorCount - 1, 1, 15)));

    private readonly ConcurrentQueue<Job> _queue = new();
    private readonly SemaphoreSlim _ready = new(0);

    private FanoutWorkers(int threads)
    {
        Threads = threads;
        for (int i = 0; i < threads; i++)
        {
            new Thread(Work) { IsBackground = true, Name = $"whep-fanout-{i}" }.Start();
        }
    }

    public static FanoutWorkers Shared => s_shared.Value;

    public int Threads { get; }

    /// <summary>Runs <paramref name="work"/> for shards 0 to <paramref name="shards"/> - 1 and returns when all are done.</summary>
    public void Run(int shards, Action<int> work)
    {
        var job = new Job(work, shards);
        int helpers = Math.Min(shards - 1, Threads);
        for (int i = 0; i < helpers; i++)
        {
            _queue.Enqueue(job);
        }
        if (helpers > 0) _ready.Release(helpers);
        job.Help();
        job.Wait();
    }

    private void Work()
    {
        while (true)
        {
            _ready.Wait();
            if (_queue.TryDequeue(out var job)) job.Help();
        }
    }

    private sealed class Job(Action<int> work, int shards)
    {
        private readonly ManualResetEventSlim _finished = new(false);
        private int _next = -1;
        private int _done;

        /// <summary>Takes shards until none is left.</summary>
        public void Help()
        {
            int shard;
            while ((shard = Interlocked.Increment(ref _next)) < shards)
            {
                try
                {
                    work(shard);
                }
                catch (Exception)
                {
                    // One viewer's failure must not stop the others' packets (nor a helper thread).
                }
                finally
                {
                    if (Interlocked.Increment(ref _done) == shards) _finished.Set();
                }
            }
        }

        public void Wait()
        {
            var spin = new SpinWait();
            while (Volatile.Read(ref _done) < shards && !spin.NextSpinWillYield) spin.SpinOnce();
            if (Volatile.Read(ref _done) < shards) _finished.Wait();
        }
    }
}

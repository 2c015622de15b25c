// Every test runs a real gateway with its own silo and, for uploads, real ffmpeg: one at a time on small machines.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

// Every test here starts silo and gateway processes: run them one after another, so that one test's
// start-up does not starve another's timeouts on a small machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

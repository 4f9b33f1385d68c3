using NUnit.Framework;

// Each test starts its own host and browser context; two cores run two at a time.
[assembly: Parallelizable(ParallelScope.Fixtures)]
[assembly: LevelOfParallelism(2)]

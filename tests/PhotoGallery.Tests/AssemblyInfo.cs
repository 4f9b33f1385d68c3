using NUnit.Framework;

// Fixtures share nothing (each test makes its own data folder), so they may run side by side.
[assembly: Parallelizable(ParallelScope.Fixtures)]
[assembly: LevelOfParallelism(2)]

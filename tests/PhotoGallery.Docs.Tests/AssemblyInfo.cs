using NUnit.Framework;

// Fixtures share nothing but read-only files and the synthesized template, so they may run side by side.
[assembly: Parallelizable(ParallelScope.Fixtures)]
[assembly: LevelOfParallelism(2)]

using NUnit.Framework;

// Fixtures share nothing but the emulators (each test makes its own folder, table or user), so they may
// run side by side; two at a time suits the two-core machines this runs on.
[assembly: Parallelizable(ParallelScope.Fixtures)]
[assembly: LevelOfParallelism(2)]

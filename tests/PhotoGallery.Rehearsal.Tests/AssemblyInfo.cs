using NUnit.Framework;

// Fixtures run side by side; each rehearsal starts its own emulators and processes on free ports.
[assembly: Parallelizable(ParallelScope.Fixtures)]

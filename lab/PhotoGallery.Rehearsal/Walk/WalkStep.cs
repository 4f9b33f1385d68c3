namespace PhotoGallery.Rehearsal.Walk;

public enum StepResult
{
    Passed,
    Failed,

    /// <summary>Not tried because a step it needs failed.</summary>
    NotReached,
}

/// <summary>One request of the walk, what came back, and what a student should look at when it failed.</summary>
public sealed record WalkStep(string Name, StepResult Result, string Detail)
{
    public bool Passed => Result == StepResult.Passed;
}

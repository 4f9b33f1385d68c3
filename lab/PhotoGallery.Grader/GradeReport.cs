namespace PhotoGallery.Grader;

/// <summary>One check's result: what it is worth, what it earned, and what to fix.</summary>
public sealed record CheckResult(string Id, string Title, int Points, int Earned, string Detail)
{
    public bool Passed => Earned == Points;
}

/// <summary>A deployment's grade. <see cref="Created"/> says which account and photos the grader left behind.</summary>
public sealed record GradeReport(string Api, int Score, int Max, IReadOnlyList<CheckResult> Checks, IReadOnlyList<string> Created)
{
    public double Percent => Max == 0 ? 0 : Math.Round(100.0 * Score / Max, 1);
}

using NUnit.Framework;
using PhotoGallery.Functions;
using PhotoGallery.Grader;

namespace PhotoGallery.Tests.Grader;

/// <summary>The built-in rubric against the grader's checks, which the function declarations generate in part.</summary>
public sealed class RubricTests
{
    [Test]
    public void Default_EveryCheckTheGraderRuns_HasPoints() =>
        Assert.That(Rubric.Default.Checks.Select(c => c.Id), Is.EquivalentTo(GradingRun.CheckIds),
            "a check without a rubric entry would never count; a declared function must be graded");

    [Test]
    public void CheckIds_EveryDeclaredRoute_IsCheckedForItsBindingAndTheProtectedOnesForTheirAuthorizer()
    {
        Assert.That(GradingRun.CheckIds, Is.SupersetOf(RouteTable.All.Select(r => $"routes.{r.Name}")));
        Assert.That(GradingRun.CheckIds, Is.SupersetOf(RouteTable.All.Where(r => r.IsProtected).Select(r => $"auth.{r.Name}")));
    }
}

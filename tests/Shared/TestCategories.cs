namespace PhotoGallery.Testing;

/// <summary>
/// The test categories, each spelled once: <c>[Category(TestCategories.Emulators)]</c> on a fixture, and
/// the same word in a filter (<c>dotnet test --filter "TestCategory!=Emulators"</c>). A literal category
/// string anywhere under tests/ fails <c>TestCategoriesTests</c>, so a filter cannot silently miss a test.
/// </summary>
public static class TestCategories
{
    /// <summary>Needs the AWS emulators (S3, DynamoDB, Cognito), which the tests start themselves.</summary>
    public const string Emulators = "Emulators";

    /// <summary>Part of the rehearsal: Lambda processes, the emulators, a synthesized stack. Slow.</summary>
    public const string Rehearsal = "Rehearsal";

    /// <summary>Drives the frontend in Chromium through Playwright.</summary>
    public const string Browser = "Browser";
}

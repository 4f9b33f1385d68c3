using NUnit.Framework;
using PhotoGallery.Rehearsal.Lambda;

namespace PhotoGallery.Rehearsal.Tests.Lambda;

public sealed class FunctionEnvironmentTests
{
    private static readonly InstanceSettings Instance = new(
        "127.0.0.1:40001", "2026/01/02/[$LATEST]0123456789abcdef0123456789abcdef", "/usr/share/dotnet", "/rt");

    [Test]
    public void Build_TemplateVariables_AreKeptBesideLambdasOwn()
    {
        var plan = FunctionEnvironment.Build(Launch(("PHOTOS_BUCKET", "photos"), ("PHOTOS_TABLE", "table")), Instance);

        Assert.That(plan.Variables.Keys, Is.EquivalentTo(new[]
        {
            "PHOTOS_BUCKET", "PHOTOS_TABLE",
            "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
            "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME",
            "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
            "_HANDLER", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR", "AWS_LAMBDA_RUNTIME_API", "AWS_EXECUTION_ENV",
            "TZ", "LANG", "PATH", "LD_LIBRARY_PATH", "DOTNET_ROOT", "AWS_ENDPOINT_URL",
        }));
        Assert.That(plan.Problems, Is.Empty);
    }

    [TestCase("AWS_REGION", TestLaunch.Region)]
    [TestCase("AWS_DEFAULT_REGION", TestLaunch.Region)]
    [TestCase("AWS_LAMBDA_FUNCTION_NAME", "PhotoGallery-getphotos")]
    [TestCase("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024")]
    [TestCase("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")]
    [TestCase("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand")]
    [TestCase("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/PhotoGallery-getphotos")]
    [TestCase("AWS_LAMBDA_LOG_STREAM_NAME", "2026/01/02/[$LATEST]0123456789abcdef0123456789abcdef")]
    [TestCase("AWS_ACCESS_KEY_ID", "AKIATESTFUNCTION0001")]
    [TestCase("_HANDLER", "GetPhotos::PhotoGallery.Functions.GetPhotos.Function::HandleAsync")]
    [TestCase("LAMBDA_TASK_ROOT", "/task/GetPhotos")]
    [TestCase("LAMBDA_RUNTIME_DIR", "/rt")]
    [TestCase("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:40001")]
    [TestCase("AWS_EXECUTION_ENV", "AWS_Lambda_dotnet10")]
    [TestCase("TZ", ":UTC")]
    [TestCase("LANG", "en_US.UTF-8")]
    [TestCase("DOTNET_ROOT", "/usr/share/dotnet")]
    [TestCase("AWS_ENDPOINT_URL", "http://127.0.0.1:9")]
    public void Build_ReservedVariable_HasLambdasValue(string key, string expected)
    {
        var plan = FunctionEnvironment.Build(Launch(), Instance);

        Assert.That(plan.Variables[key], Is.EqualTo(expected));
    }

    [Test]
    public void Build_TemplateSetsAReservedKey_LambdasValueWinsAndItIsAProblem()
    {
        var plan = FunctionEnvironment.Build(Launch(("AWS_REGION", "us-east-1"), ("_HANDLER", "x")), Instance);

        Assert.That(plan.Variables["AWS_REGION"], Is.EqualTo(TestLaunch.Region));
        Assert.That(plan.Problems, Has.One.Contains("reserved variable(s) AWS_REGION, _HANDLER"));
    }

    [TestCase("TZ", "Europe/Paris")]
    [TestCase("LANG", "C")]
    public void Build_TemplateSetsAnUnreservedDefault_TheTemplateWins(string key, string value)
    {
        var plan = FunctionEnvironment.Build(Launch((key, value)), Instance);

        Assert.That(plan.Variables[key], Is.EqualTo(value));
        Assert.That(plan.Problems, Is.Empty);
    }

    [Test]
    public void Build_TemplateSetsTheEndpoint_TheRehearsalsWinsAndItIsAProblem()
    {
        var plan = FunctionEnvironment.Build(Launch(("AWS_ENDPOINT_URL", "https://example.com")), Instance);

        Assert.That(plan.Variables["AWS_ENDPOINT_URL"], Is.EqualTo("http://127.0.0.1:9"));
        Assert.That(plan.Problems, Has.One.Contains("AWS_ENDPOINT_URL"));
    }

    private static FunctionLaunch Launch(params (string Key, string Value)[] environment) =>
        TestLaunch.For(
            "PhotoGallery-getphotos", "GetPhotos::PhotoGallery.Functions.GetPhotos.Function::HandleAsync",
            "/task/GetPhotos", "/rt", memorySize: 1024,
            environment: environment.ToDictionary(pair => pair.Key, pair => pair.Value));
}

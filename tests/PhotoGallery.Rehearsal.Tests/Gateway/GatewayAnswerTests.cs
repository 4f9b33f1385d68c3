using NUnit.Framework;
using PhotoGallery.Rehearsal.Gateway;
using PhotoGallery.Rehearsal.Stack;

namespace PhotoGallery.Rehearsal.Tests.Gateway;

public sealed class GatewayAnswerTests
{
    private static GatewayResponseModel Response(string type) => new(type, null, new Dictionary<string, string> { ["X-Type"] = type });

    [TestCase("UNAUTHORIZED,DEFAULT_4XX,DEFAULT_5XX", "Unauthorized", "UNAUTHORIZED", TestName = "DeclaredResponse: its own type first")]
    [TestCase("DEFAULT_4XX,DEFAULT_5XX", "Unauthorized", "DEFAULT_4XX")]
    [TestCase("DEFAULT_4XX,DEFAULT_5XX", "MissingAuthenticationToken", "DEFAULT_4XX")]
    [TestCase("DEFAULT_4XX,DEFAULT_5XX", "RequestTooLarge", "DEFAULT_4XX")]
    [TestCase("DEFAULT_4XX,DEFAULT_5XX", "BadGateway", "DEFAULT_5XX")]
    [TestCase("DEFAULT_4XX,DEFAULT_5XX", "IntegrationTimeout", "DEFAULT_5XX")]
    [TestCase("DEFAULT_4XX,DEFAULT_5XX", "ApiConfigurationError", "DEFAULT_5XX")]
    [TestCase("INTEGRATION_TIMEOUT,DEFAULT_5XX", "IntegrationTimeout", "INTEGRATION_TIMEOUT")]
    [TestCase("DEFAULT_4XX,DEFAULT_5XX", "UnknownStage", null, TestName = "DeclaredResponse: none for an unknown stage")]
    [TestCase("DEFAULT_5XX", "Unauthorized", null, TestName = "DeclaredResponse: none declared for 4XX")]
    [TestCase("", "BadGateway", null)]
    public void DeclaredResponse_TemplateResponses_TheOneApiGatewayUses(string declared, string answer, string? expected)
    {
        var responses = declared.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Response).ToList();
        var gatewayAnswer = answer switch
        {
            "Unauthorized" => GatewayAnswer.Unauthorized("Unauthorized"),
            "MissingAuthenticationToken" => GatewayAnswer.MissingAuthenticationToken,
            "RequestTooLarge" => GatewayAnswer.RequestTooLarge,
            "BadGateway" => GatewayAnswer.BadGateway,
            "IntegrationTimeout" => GatewayAnswer.IntegrationTimeout,
            "ApiConfigurationError" => GatewayAnswer.ApiConfigurationError,
            _ => GatewayAnswer.UnknownStage,
        };

        Assert.That(gatewayAnswer.DeclaredResponse(responses)?.ResponseType, Is.EqualTo(expected));
    }
}

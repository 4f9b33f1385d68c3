using System.Net;
using System.Text.Json.Nodes;
using NUnit.Framework;
using PhotoGallery.Core.Errors;
using PhotoGallery.Core.Http;
using PhotoGallery.Core.Routing;
using PhotoGallery.Functions;
using PhotoGallery.Docs.Tests.Support;
using PhotoGallery.Local.Gateway;

namespace PhotoGallery.Docs.Tests;

/// <summary>The OpenAPI description: generated from the route table, served by the local host.</summary>
public sealed class OpenApiDocumentTests
{
    private static readonly JsonObject Document = OpenApiDocument.Build(RouteTable.All);

    private static JsonObject OperationOf(Route route) =>
        Document["paths"]?[route.Path]?[route.Method.ToLowerInvariant()]?.AsObject()
        ?? throw new AssertionException($"No operation for {route.Key}.");

    private static IEnumerable<JsonObject> AllOperations() =>
        Document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(o => o.Value!.AsObject()));

    [Test]
    public void Build_RouteTable_OneOperationPerRouteWithItsMethodAndPath()
    {
        var operations = Document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(o => $"{o.Key.ToUpperInvariant()} {p.Key}"));

        Assert.That(operations, Is.EquivalentTo(RouteTable.All.Select(r => r.Key)));
    }

    [Test]
    public void Build_EachRoute_NamesItsFunctionAndHandler()
    {
        foreach (var route in RouteTable.All)
        {
            var operation = OperationOf(route);
            Assert.That(operation["operationId"]!.GetValue<string>(), Is.EqualTo(route.Name));
            Assert.That(operation["x-lambda-handler"]!.GetValue<string>(), Is.EqualTo(route.Handler));
        }
    }

    [Test]
    public void Build_Security_OnExactlyTheProtectedRoutes()
    {
        foreach (var route in RouteTable.All)
        {
            var security = OperationOf(route)["security"]!.AsArray();
            if (route.IsProtected)
            {
                Assert.That(security.Select(s => s!.AsObject().Single().Key), Is.EqualTo(new[] { OpenApiDocument.SecurityScheme }), route.Key);
                Assert.That(OperationOf(route)["responses"]!["401"], Is.Not.Null, route.Key);
            }
            else
            {
                Assert.That(security, Is.Empty, route.Key);
            }
        }
        Assert.That(Document["components"]!["securitySchemes"]![OpenApiDocument.SecurityScheme]!["name"]!.GetValue<string>(), Is.EqualTo("Authorization"));
    }

    [Test]
    public void Build_ProblemCodes_EveryErrorCodeUnderItsStatus()
    {
        var listed = new HashSet<string>();
        foreach (var operation in AllOperations())
        {
            foreach (var (status, response) in operation["responses"]!.AsObject())
            {
                if (response!["x-problem-codes"] is not JsonArray codes) continue;
                foreach (var code in codes.Select(c => Enum.Parse<ErrorCode>(c!.GetValue<string>())))
                {
                    Assert.That(ErrorCodes.StatusOf(code).ToString(System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(status), code.ToString());
                    listed.Add(code.ToString());
                }
            }
        }

        Assert.That(listed, Is.EquivalentTo(Enum.GetNames<ErrorCode>()));
    }

    [Test]
    public void Build_ProblemSchema_CodeIsAnEnumOfEveryErrorCode()
    {
        var problem = Document["components"]!["schemas"]!["Problem"]!;

        Assert.That(problem["properties"]!["code"]!["enum"]!.AsArray().Select(c => c!.GetValue<string>()), Is.EqualTo(Enum.GetNames<ErrorCode>()));
        Assert.That(problem["required"]!.AsArray().Select(c => c!.GetValue<string>()), Is.SupersetOf(new[] { "type", "title", "status", "code", "detail" }));
    }

    [Test]
    public void Build_References_EveryRefResolves()
    {
        var schemas = Document["components"]!["schemas"]!.AsObject();
        var references = Document.ToJsonString().Split("\"$ref\":\"#/components/schemas/").Skip(1).Select(r => r[..r.IndexOf('"', StringComparison.Ordinal)]).Distinct().ToList();

        Assert.That(references, Is.Not.Empty);
        Assert.That(references, Is.SubsetOf(schemas.Select(s => s.Key)));
    }

    [Test]
    public void Build_PhotoSchema_FollowsTheContractRecord()
    {
        var photo = Document["components"]!["schemas"]!["PhotoJson"]!["properties"]!.AsObject();

        Assert.That(photo.Select(p => p.Key), Is.EqualTo(new[]
        {
            "photoId", "owner", "title", "description", "tags", "contentType", "size", "width", "height", "createdAt",
            "imageState", "imageProblem", "imageUrl", "thumbnailUrl", "originalUrl",
        }));
        Assert.That(photo["width"]!["nullable"]!.GetValue<bool>(), Is.True);
        Assert.That(photo["tags"]!["type"]!.GetValue<string>(), Is.EqualTo("array"));
        Assert.That(photo["imageState"]!["enum"]!.AsArray().Select(s => s!.GetValue<string>()), Is.EqualTo(new[] { "processing", "ready", "failed" }));
        Assert.That(photo["imageState"]!["nullable"], Is.Null);
        foreach (var member in new[] { "imageProblem", "imageUrl", "thumbnailUrl", "originalUrl" })
            Assert.That(photo[member]!["nullable"]!.GetValue<bool>(), Is.True, member);
        Assert.That(photo["originalUrl"]!["description"]!.GetValue<string>(), Does.Contain("owner only"));
        Assert.That(photo["imageProblem"]!["description"]!.GetValue<string>(), Does.Contain("owner only"));
        Assert.That(Document["components"]!["schemas"]!["PhotoJson"]!["description"]!.GetValue<string>(), Does.Contain("GPS"));
    }

    [Test]
    public void Build_AddPhotoRequest_ClientThumbnailDeprecatedAndNoThumbnailUpload()
    {
        var schemas = Document["components"]!["schemas"]!;

        Assert.That(schemas["AddPhotoRequest"]!["properties"]!["thumbnail"]!["deprecated"]!.GetValue<bool>(), Is.True);
        Assert.That(schemas["PendingPhotoResponse"]!["properties"]!.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "photo", "upload" }));
    }

    [Test]
    public async Task LocalHost_GetOpenApiJson_ServesTheDocument()
    {
        await using var gallery = await LocalGallery.StartAsync();
        using var http = new HttpClient { BaseAddress = gallery.BaseUrl };

        using var response = await http.GetAsync(new Uri("/openapi.json", UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var served = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.That(served["openapi"]!.GetValue<string>(), Does.StartWith("3."));
        JsonAssert.AreEqual(Document, served);
    }
}

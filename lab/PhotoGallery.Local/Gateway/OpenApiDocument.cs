using System.ComponentModel;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using PhotoGallery.Core.Contract;
using PhotoGallery.Core.Errors;
using PhotoGallery.Core.Http;
using PhotoGallery.Core.Photos;
using PhotoGallery.Core.Functions;
using PhotoGallery.Core.Requests;
using PhotoGallery.Core.Routing;
using PhotoGallery.Core.Search;
using PhotoGallery.Core.Services;
using PhotoGallery.Core.Users;
using PhotoGallery.Functions;

namespace PhotoGallery.Local.Gateway;

/// <summary>
/// The API's OpenAPI 3 description, written from the functions' declarations (<see cref="FunctionCatalog"/>):
/// paths and methods, which need the Cognito token, each request's fields with their limits, the successes
/// and their records (their JSON shapes, by reflection) and the problem codes each function declares
/// (<see cref="ErrorCode"/> with <see cref="ErrorCodes.StatusOf"/>). The local host serves it at
/// <c>GET /openapi.json</c>. Nothing here names a function.
/// </summary>
public static class OpenApiDocument
{
    public const string SecurityScheme = "CognitoIdToken";

    private const string ProblemSchema = "Problem";
    private const string GatewayMessageSchema = "GatewayMessage";

    /// <summary>The response records of the contract: every success body the functions declare, the records they hold, and the problem.</summary>
    private static readonly Type[] ResponseRecords = [.. ContractRecords()];

    /// <summary>The document as indented JSON.</summary>
    public static string Json(IReadOnlyList<Route> routes) =>
        Build(routes).ToJsonString(new JsonSerializerOptions
        {
            WriteIndented = true,
            // Backticks and quotes stay readable in the descriptions; the document is JSON, never inlined into HTML.
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });

    /// <summary>The document for <paramref name="routes"/> (the route table, unless a test deploys a variant).</summary>
    public static JsonObject Build(IReadOnlyList<Route> routes)
    {
        var paths = new JsonObject();
        foreach (var route in routes)
        {
            if (paths[route.Path] is not JsonObject item)
            {
                item = new JsonObject();
                paths[route.Path] = item;
            }
            item[route.Method.ToLowerInvariant()] = OperationFor(route);
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JsonObject
            {
                ["title"] = "PhotoGallery API",
                ["version"] = "1.0",
                ["description"] = "Seven Lambda functions behind one API Gateway REST API. JSON in and out; errors are RFC 9457 " +
                    "problem details with a `code` member. Photo routes need the ID token from POST /login in the Authorization header.",
            },
            ["servers"] = new JsonArray(
                new JsonObject { ["url"] = "/", ["description"] = "The local host serving this document" },
                new JsonObject
                {
                    ["url"] = "https://{restApiId}.execute-api.{region}.amazonaws.com/prod",
                    ["description"] = "A deployment on AWS (stage prod)",
                    ["variables"] = new JsonObject
                    {
                        ["restApiId"] = new JsonObject { ["default"] = "abc123" },
                        ["region"] = new JsonObject { ["default"] = "us-east-1" },
                    },
                }),
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["securitySchemes"] = new JsonObject
                {
                    [SecurityScheme] = new JsonObject
                    {
                        ["type"] = "apiKey",
                        ["in"] = "header",
                        ["name"] = "Authorization",
                        ["description"] = "The `idToken` from POST /login, as it is (or after `Bearer `). API Gateway's Cognito authorizer checks it.",
                    },
                },
                ["schemas"] = Schemas(),
            },
        };
    }

    private static JsonObject OperationFor(Route route)
    {
        var declaration = FunctionCatalog.All.FirstOrDefault(f => f.Name == route.Name);
        var result = new JsonObject
        {
            ["operationId"] = route.Name,
            ["summary"] = declaration?.Summary ?? route.Name,
            ["description"] = declaration?.Description ?? "",
            ["x-lambda-function"] = route.Name,
            ["x-lambda-handler"] = route.Handler,
        };
        var request = declaration?.Request ?? RequestSchema.None;
        if (Parameters(request) is { Count: > 0 } parameters) result["parameters"] = parameters;
        if (request.HasBody)
        {
            result["requestBody"] = new JsonObject
            {
                ["required"] = true,
                ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = Ref(request.Name) } },
            };
        }
        result["responses"] = Responses(route, declaration?.Successes ?? [new Success(200, typeof(object), "OK")], declaration?.Errors ?? []);
        result["security"] = route.IsProtected
            ? new JsonArray(new JsonObject { [SecurityScheme] = new JsonArray() })
            : new JsonArray();
        return result;
    }

    private static JsonArray Parameters(RequestSchema request)
    {
        var parameters = new JsonArray();
        foreach (var field in request.Fields.Where(f => f.Source != FieldSource.Body))
        {
            var parameter = new JsonObject
            {
                ["name"] = field.Name,
                ["in"] = field.Source == FieldSource.Path ? "path" : "query",
                ["required"] = field.Required,
            };
            if (field.Description is { } description) parameter["description"] = description;
            var schema = FieldSchema(field);
            schema.Remove("description");
            if (field.Source == FieldSource.Path && field.MaxLength is { } length) schema["minLength"] = length;
            parameter["schema"] = schema;
            parameters.Add(parameter);
        }
        return parameters;
    }

    private static JsonObject Responses(Route route, IReadOnlyList<Success> successes, IReadOnlyList<ErrorCode> errors)
    {
        var responses = new JsonObject();
        foreach (var success in successes)
        {
            var schema = !ResponseRecords.Contains(success.Body)
                ? new JsonObject()
                : success.Alternative is { } other
                    ? new JsonObject { ["oneOf"] = new JsonArray(Ref(success.Body.Name), Ref(other.Name)) }
                    : Ref(success.Body.Name);
            responses[Status(success.Status)] = new JsonObject
            {
                ["description"] = success.Description,
                ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = schema } },
            };
        }

        // Every function may fail with InternalError; API Gateway adds its own 401 (protected routes) and 413 (request bodies).
        var codes = errors.Append(ErrorCode.InternalError).Distinct().ToList();
        var gatewayStatuses = new List<int>();
        if (route.IsProtected) gatewayStatuses.Add(401);
        if (route.Method == "POST") gatewayStatuses.Add(413);
        var statuses = codes.Select(ErrorCodes.StatusOf).Concat(gatewayStatuses).Distinct().Order();
        foreach (var status in statuses)
        {
            var problemCodes = codes.Where(c => ErrorCodes.StatusOf(c) == status).Select(c => c.ToString()).ToList();
            var content = new JsonObject();
            if (problemCodes.Count > 0) content["application/problem+json"] = new JsonObject { ["schema"] = Ref(ProblemSchema) };
            var gateway = gatewayStatuses.Contains(status);
            if (gateway) content["application/json"] = new JsonObject { ["schema"] = Ref(GatewayMessageSchema) };
            var description = string.Join(" ", new[]
            {
                problemCodes.Count > 0 ? $"Problem codes: {string.Join(", ", problemCodes)}." : null,
                gateway ? GatewayAnswer(status) : null,
            }.Where(s => s is not null));
            var response = new JsonObject { ["description"] = description, ["content"] = content };
            if (problemCodes.Count > 0) response["x-problem-codes"] = new JsonArray(problemCodes.Select(c => (JsonNode?)c).ToArray());
            responses[Status(status)] = response;
        }
        return responses;
    }

    private static string GatewayAnswer(int status) => status switch
    {
        401 => "API Gateway's own answer {\"message\":\"Unauthorized\"} when the token is missing, expired or not from the user pool.",
        _ => "API Gateway's own answer {\"message\":\"Request Too Long\"} when the body is over 10 MB (or the Lambda event over 6 MB).",
    };

    private static string Status(int status) => status.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static JsonObject Ref(string schema) => new() { ["$ref"] = $"#/components/schemas/{schema}" };

    private static JsonObject Schemas()
    {
        var schemas = new JsonObject();
        foreach (var request in FunctionCatalog.All.Select(f => f.Request).Where(r => r.HasBody).DistinctBy(r => r.Name))
            schemas[request.Name] = BodySchema(request);
        foreach (var record in ResponseRecords) schemas[record.Name] = RecordSchema(record);
        schemas[GatewayMessageSchema] = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject { ["message"] = new JsonObject { ["type"] = "string", ["description"] = "API Gateway's reason, e.g. Unauthorized." } },
            ["required"] = new JsonArray("message"),
        };
        return schemas;
    }

    /// <summary>A request body: its fields, their limits, which are required.</summary>
    private static JsonObject BodySchema(RequestSchema request)
    {
        var fields = request.In(FieldSource.Body).ToList();
        var properties = new JsonObject();
        foreach (var field in fields) properties[field.Name] = FieldSchema(field);
        var schema = new JsonObject { ["type"] = "object" };
        if (request.BodyDescription is { } description) schema["description"] = description;
        schema["properties"] = properties;
        var required = fields.Where(f => f.Required).Select(f => (JsonNode?)f.Name).ToArray();
        // A body with two shapes (addphoto: a new photo, or a completion) says which fields each needs in its description.
        if (required.Length > 0 && request.BodyDescription is null) schema["required"] = new JsonArray(required);
        return schema;
    }

    private static JsonObject FieldSchema(Field field)
    {
        var schema = field.Type switch
        {
            FieldType.WholeNumber => new JsonObject { ["type"] = "integer", ["format"] = "int64" },
            FieldType.TrueOrFalse => new JsonObject { ["type"] = "boolean" },
            FieldType.Base64 => new JsonObject { ["type"] = "string", ["format"] = "byte" },
            FieldType.StringList => new JsonObject
            {
                ["oneOf"] = new JsonArray(
                    new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } },
                    new JsonObject { ["type"] = "string" }),
            },
            _ => new JsonObject { ["type"] = "string" },
        };
        if (field.MaxLength is { } maxLength) schema["maxLength"] = maxLength;
        if (field.Pattern is { } pattern) schema["pattern"] = pattern;
        if (field.Allowed is { } allowed) schema["enum"] = new JsonArray([.. allowed.Select(a => (JsonNode?)a)]);
        if (field.Minimum is { } minimum) schema["minimum"] = minimum;
        if (field.Maximum is { } maximum) schema["maximum"] = maximum;
        if (field.Default is { } fallback) schema["default"] = fallback;
        if (field.Description is { } description) schema["description"] = description;
        if (field.Deprecated) schema["deprecated"] = true;
        return schema;
    }

    /// <summary>The success records the functions declare, every record they hold, and the problem.</summary>
    private static IEnumerable<Type> ContractRecords()
    {
        var found = new List<Type>();
        var pending = new Queue<Type>(FunctionCatalog.All.SelectMany(f => f.Successes)
            .SelectMany(s => new[] { s.Body, s.Alternative }).OfType<Type>().Where(IsContractRecord));
        while (pending.TryDequeue(out var record))
        {
            if (found.Contains(record)) continue;
            found.Add(record);
            foreach (var property in record.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                foreach (var held in type.IsGenericType ? type.GetGenericArguments() : [type])
                    if (IsContractRecord(held)) pending.Enqueue(held);
            }
        }
        found.Add(typeof(Problem));
        return found;
    }

    private static bool IsContractRecord(Type type) => type.Namespace == typeof(PhotoJson).Namespace && type.IsClass;

    /// <summary>A response record's schema: its public properties, camelCase as the functions write them.</summary>
    private static JsonObject RecordSchema(Type record)
    {
        var nullability = new NullabilityInfoContext();
        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var property in record.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.Name != "EqualityContract"))
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            var schema = TypeSchema(property.PropertyType);
            if (nullability.Create(property).ReadState == NullabilityState.Nullable)
            {
                // OpenAPI 3.0 ignores anything beside a $ref, so a nullable reference wraps it.
                if (schema["$ref"] is not null) schema = new JsonObject { ["allOf"] = new JsonArray(schema) };
                schema["nullable"] = true;
            }
            if (record == typeof(Problem) && property.Name == nameof(Problem.Code))
                schema["enum"] = new JsonArray(Enum.GetNames<ErrorCode>().Select(n => (JsonNode?)n).ToArray());
            if (record == typeof(PhotoJson) && property.Name == nameof(PhotoJson.ImageState))
                schema["enum"] = new JsonArray(Enum.GetValues<ImageState>().Select(s => (JsonNode?)PhotoViews.StateText(s)).ToArray());
            if (property.GetCustomAttribute<DescriptionAttribute>() is { } described) schema["description"] = described.Description;
            properties[name] = schema;
            required.Add(name);
        }
        var result = new JsonObject { ["type"] = "object" };
        if (record.GetCustomAttribute<DescriptionAttribute>() is { } about) result["description"] = about.Description;
        result["properties"] = properties;
        result["required"] = required;
        return result;
    }

    private static JsonObject TypeSchema(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(string)) return new JsonObject { ["type"] = "string" };
        if (underlying == typeof(bool)) return new JsonObject { ["type"] = "boolean" };
        if (underlying == typeof(int)) return new JsonObject { ["type"] = "integer", ["format"] = "int32" };
        if (underlying == typeof(long)) return new JsonObject { ["type"] = "integer", ["format"] = "int64" };
        if (underlying.IsGenericType && underlying.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>))
            return new JsonObject { ["type"] = "object", ["additionalProperties"] = TypeSchema(underlying.GetGenericArguments()[1]) };
        if (underlying.IsGenericType && underlying.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
            return new JsonObject { ["type"] = "array", ["items"] = TypeSchema(underlying.GetGenericArguments()[0]) };
        if (ResponseRecords.Contains(underlying)) return Ref(underlying.Name);
        throw new NotSupportedException($"No OpenAPI schema for {underlying.Name}: add it to {nameof(OpenApiDocument)}.");
    }
}

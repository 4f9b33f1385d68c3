using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using PhotoGallery.Core.Contract;
using PhotoGallery.Core.Errors;
using PhotoGallery.Core.Http;
using PhotoGallery.Core.Photos;
using PhotoGallery.Core.Routing;
using PhotoGallery.Core.Search;
using PhotoGallery.Core.Users;

namespace PhotoGallery.Local.Gateway;

/// <summary>
/// The API's OpenAPI 3 description, built from the route table (paths, methods, which routes need the
/// Cognito token), the contract's response records (their JSON shapes, by reflection) and the error codes
/// (<see cref="ErrorCode"/> with <see cref="ErrorCodes.StatusOf"/>). The local host serves it at
/// <c>GET /openapi.json</c>. Only what the route table cannot say lives here: each route's request body
/// and which outcomes it has.
/// </summary>
public static class OpenApiDocument
{
    public const string SecurityScheme = "CognitoIdToken";

    private const string ProblemSchema = "Problem";
    private const string GatewayMessageSchema = "GatewayMessage";

    /// <summary>What each function answers, by route name: request body, successes, and the problem codes it may return.</summary>
    private static readonly Dictionary<string, Operation> Operations = new(StringComparer.Ordinal)
    {
        ["signup"] = new("Sign up", "Registers a user, who must then confirm the 6-digit code sent to their email.",
            "SignUpRequest", [new(201, nameof(SignUpResponse), "The user exists, unconfirmed; a code is on its way.")],
            [ErrorCode.MalformedJson, ErrorCode.InvalidParameter, ErrorCode.InvalidPassword, ErrorCode.UsernameExists,
             ErrorCode.TooManyRequests, ErrorCode.UpstreamError]),
        ["confirmemail"] = new("Confirm the email", "Confirms a new user with the code from their email.",
            "ConfirmEmailRequest", [new(200, nameof(ConfirmEmailResponse), "The user is confirmed and can log in.")],
            [ErrorCode.MalformedJson, ErrorCode.InvalidParameter, ErrorCode.CodeMismatch, ErrorCode.ExpiredCode,
             ErrorCode.NotAuthorized, ErrorCode.UserNotFound, ErrorCode.AlreadyConfirmed, ErrorCode.TooManyRequests, ErrorCode.UpstreamError]),
        ["login"] = new("Log in", "Signs a confirmed user in. Send `idToken` in the Authorization header of every photo request.",
            "LogInRequest", [new(200, nameof(LogInResponse), "The tokens and who signed in.")],
            [ErrorCode.MalformedJson, ErrorCode.InvalidParameter, ErrorCode.NotAuthorized, ErrorCode.UserNotConfirmed,
             ErrorCode.TooManyRequests, ErrorCode.UpstreamError]),
        ["addphoto"] = new("Add a photo",
            $"With `image` (base64, up to {PhotoLimits.SizeText(PhotoLimits.Default.MaxInlineBytes)}) stores the photo at once (201 PhotoResponse). " +
            "Without `image` creates a pending photo and returns presigned upload URLs (201 PendingPhotoResponse): PUT the bytes there, " +
            "then send `{photoId, complete: true}` to make it visible (200 PhotoResponse).",
            "AddPhotoRequest",
            [
                new(201, nameof(PhotoResponse), "Stored (inline image).", nameof(PendingPhotoResponse)),
                new(200, nameof(PhotoResponse), "The upload is complete and the photo is visible."),
            ],
            [ErrorCode.MalformedJson, ErrorCode.InvalidParameter, ErrorCode.UnsupportedImageType, ErrorCode.ImageTypeMismatch,
             ErrorCode.UploadMismatch, ErrorCode.Forbidden, ErrorCode.PhotoNotFound, ErrorCode.UploadIncomplete,
             ErrorCode.PayloadTooLarge, ErrorCode.TooManyRequests, ErrorCode.UpstreamError]),
        ["getphotos"] = new("List photos", "The shared gallery, newest first, one page at a time.",
            null, [new(200, nameof(PhotoListResponse), "One page; pass `nextCursor` back as `cursor` for the next (null on the last).")],
            [ErrorCode.InvalidParameter, ErrorCode.InvalidCursor, ErrorCode.TooManyRequests, ErrorCode.UpstreamError]),
        ["getphoto"] = new("Get one photo", "One photo with short-lived image URLs. Pending (unfinished) photos are not found.",
            null, [new(200, nameof(PhotoResponse), "The photo.")],
            [ErrorCode.PhotoNotFound, ErrorCode.TooManyRequests, ErrorCode.UpstreamError]),
        ["search"] = new("Search photos",
            "Photos where every query word starts a word of the title, description, tags or owner; case- and accent-insensitive; newest first.",
            null, [new(200, nameof(SearchResponse), "One page of matches.")],
            [ErrorCode.InvalidParameter, ErrorCode.InvalidCursor, ErrorCode.TooManyRequests, ErrorCode.UpstreamError]),
    };

    /// <summary>The response records of the contract, in the order the schemas are listed.</summary>
    private static readonly Type[] ResponseRecords =
    [
        typeof(SignUpResponse), typeof(CodeDeliveryJson), typeof(ConfirmEmailResponse), typeof(LogInResponse), typeof(UserJson),
        typeof(PhotoResponse), typeof(PendingPhotoResponse), typeof(UploadJson), typeof(PhotoListResponse), typeof(SearchResponse),
        typeof(PhotoJson), typeof(Problem),
    ];

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
        var operation = Operations.TryGetValue(route.Name, out var known)
            ? known
            : new Operation(route.Name, "", null, [new(200, null, "OK")], []);
        var result = new JsonObject
        {
            ["operationId"] = route.Name,
            ["summary"] = operation.Summary,
            ["description"] = operation.Description,
            ["x-lambda-function"] = route.Name,
            ["x-lambda-handler"] = route.Handler,
        };
        if (Parameters(route) is { Count: > 0 } parameters) result["parameters"] = parameters;
        if (operation.RequestSchema is { } request)
        {
            result["requestBody"] = new JsonObject
            {
                ["required"] = true,
                ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = Ref(request) } },
            };
        }
        result["responses"] = Responses(route, operation);
        result["security"] = route.IsProtected
            ? new JsonArray(new JsonObject { [SecurityScheme] = new JsonArray() })
            : new JsonArray();
        return result;
    }

    private static JsonArray Parameters(Route route)
    {
        var parameters = new JsonArray();
        foreach (var segment in route.Path.Split('/').Where(s => s.StartsWith('{') && s.EndsWith('}')))
        {
            parameters.Add(new JsonObject
            {
                ["name"] = segment[1..^1],
                ["in"] = "path",
                ["required"] = true,
                ["schema"] = new JsonObject { ["type"] = "string", ["minLength"] = PhotoId.Length, ["maxLength"] = PhotoId.Length },
            });
        }
        if (route.Name == "search")
        {
            parameters.Add(Query("q", required: true, "The words to find; every word must match (AND).",
                new JsonObject { ["type"] = "string", ["maxLength"] = SearchQuery.MaxTextLength }));
        }
        if (route.Method == "GET" && route.Name is "getphotos" or "search")
        {
            parameters.Add(Query("limit", required: false, "Photos per page.", new JsonObject
            {
                ["type"] = "integer", ["minimum"] = 1, ["maximum"] = Paging.MaxLimit, ["default"] = Paging.DefaultLimit,
            }));
            parameters.Add(Query("cursor", required: false, "The `nextCursor` of the previous page.", new JsonObject { ["type"] = "string" }));
        }
        return parameters;
    }

    private static JsonObject Query(string name, bool required, string description, JsonObject schema) => new()
    {
        ["name"] = name, ["in"] = "query", ["required"] = required, ["description"] = description, ["schema"] = schema,
    };

    private static JsonObject Responses(Route route, Operation operation)
    {
        var responses = new JsonObject();
        foreach (var success in operation.Successes)
        {
            var schema = success.Schema is null
                ? new JsonObject()
                : success.Alternative is { } other
                    ? new JsonObject { ["oneOf"] = new JsonArray(Ref(success.Schema), Ref(other)) }
                    : Ref(success.Schema);
            responses[Status(success.Status)] = new JsonObject
            {
                ["description"] = success.Description,
                ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = schema } },
            };
        }

        // Every function may fail with InternalError; API Gateway adds its own 401 (protected routes) and 413 (request bodies).
        var codes = operation.Errors.Append(ErrorCode.InternalError).Distinct().ToList();
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
        var schemas = new JsonObject
        {
            ["SignUpRequest"] = Request(
                ("username", Text($"Letters, digits and . _ - + @; at most {UserRules.MaxUsernameLength} characters."), true),
                ("password", Text($"{string.Join(", ", PasswordPolicy.Default.Describe())}."), true),
                ("name", Text($"At most {UserRules.MaxNameLength} characters."), true),
                ("email", Text("Where the confirmation code goes."), true)),
            ["ConfirmEmailRequest"] = Request(
                ("username", Text("The username given at sign-up."), true),
                ("code", new JsonObject { ["type"] = "string", ["pattern"] = "^[0-9]{6}$" }, true)),
            ["LogInRequest"] = Request(("username", Text(null), true), ("password", Text(null), true)),
            ["AddPhotoRequest"] = AddPhotoRequest(),
        };
        foreach (var record in ResponseRecords) schemas[record.Name] = RecordSchema(record);
        schemas[GatewayMessageSchema] = Request(("message", Text("API Gateway's reason, e.g. Unauthorized."), true));
        return schemas;
    }

    private static JsonObject AddPhotoRequest()
    {
        var tags = new JsonObject
        {
            ["description"] = $"At most {PhotoDraft.MaxTags} tags of at most {PhotoDraft.MaxTagLength} characters: an array, or one comma-separated string.",
            ["oneOf"] = new JsonArray(
                new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } },
                new JsonObject { ["type"] = "string" }),
        };
        var schema = new JsonObject
        {
            ["type"] = "object",
            ["description"] = "A new photo (title, fileName, contentType and size required), or `{photoId, complete: true}` to finish a presigned upload.",
            ["properties"] = new JsonObject
            {
                ["title"] = new JsonObject { ["type"] = "string", ["maxLength"] = PhotoDraft.MaxTitleLength },
                ["description"] = new JsonObject { ["type"] = "string", ["maxLength"] = PhotoDraft.MaxDescriptionLength },
                ["tags"] = tags,
                ["fileName"] = new JsonObject { ["type"] = "string", ["maxLength"] = PhotoDraft.MaxFileNameLength },
                ["contentType"] = new JsonObject
                {
                    ["type"] = "string", ["enum"] = new JsonArray(ImageTypes.Accepted.Select(t => (JsonNode?)t).ToArray()),
                },
                ["size"] = new JsonObject
                {
                    ["type"] = "integer", ["format"] = "int64", ["minimum"] = 1, ["maximum"] = PhotoLimits.Default.MaxPhotoBytes,
                    ["description"] = "The photo's size in bytes.",
                },
                ["image"] = new JsonObject
                {
                    ["type"] = "string", ["format"] = "byte",
                    ["description"] = $"The photo, base64 (a data: URL prefix is accepted); at most {PhotoLimits.SizeText(PhotoLimits.Default.MaxInlineBytes)} decoded. Leave it out for a presigned upload.",
                },
                ["thumbnail"] = new JsonObject
                {
                    ["type"] = "string", ["format"] = "byte",
                    ["description"] = $"An optional JPEG thumbnail, base64; at most {PhotoLimits.SizeText(PhotoLimits.Default.MaxThumbnailBytes)} decoded.",
                },
                ["photoId"] = new JsonObject { ["type"] = "string", ["description"] = "With `complete`: the pending photo to finish." },
                ["complete"] = new JsonObject { ["type"] = "boolean" },
            },
        };
        return schema;
    }

    private static JsonObject Text(string? description)
    {
        var schema = new JsonObject { ["type"] = "string" };
        if (description is not null) schema["description"] = description;
        return schema;
    }

    private static JsonObject Request(params (string Name, JsonObject Schema, bool Required)[] properties)
    {
        var map = new JsonObject();
        foreach (var (name, schema, _) in properties) map[name] = schema;
        return new JsonObject
        {
            ["type"] = "object",
            ["properties"] = map,
            ["required"] = new JsonArray(properties.Where(p => p.Required).Select(p => (JsonNode?)p.Name).ToArray()),
        };
    }

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
            properties[name] = schema;
            required.Add(name);
        }
        return new JsonObject { ["type"] = "object", ["properties"] = properties, ["required"] = required };
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

    private sealed record Success(int Status, string? Schema, string Description, string? Alternative = null);

    private sealed record Operation(
        string Summary, string Description, string? RequestSchema, IReadOnlyList<Success> Successes, IReadOnlyList<ErrorCode> Errors);
}

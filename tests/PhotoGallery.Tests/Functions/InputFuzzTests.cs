using System.Diagnostics;
using System.Text;
using System.Text.Json;
using CsCheck;
using NUnit.Framework;
using PhotoGallery.Core.Errors;
using PhotoGallery.Core.Functions;
using PhotoGallery.Core.Http;
using PhotoGallery.Core.Routing;
using PhotoGallery.Functions;
using PhotoGallery.Tests.Support;

namespace PhotoGallery.Tests.Functions;

/// <summary>
/// Random hostile input at every API function's entry point (the real stream handlers on real embedded
/// backends): JSON bodies with unpaired surrogates, byte order marks, NULs, deep nesting, huge numbers and
/// wrong types, bodies that are not UTF-8, query and path values that are not text, events without claims.
/// Every answer must be success or a 4xx problem naming a code the function declares, never a 5xx.
/// Seeded (CsCheck prints the seed and the smallest failing case on a failure), thousands of cases in seconds.
/// </summary>
public sealed class InputFuzzTests
{
    /// <summary>The seed every run starts from: a failure reproduces exactly. Set CsCheck_Seed to try another.</summary>
    private const string Seed = "0N0XIzNsQ0O2";

    private const int Cases = 4000;

    // A private-use character the generator writes where an unpaired surrogate goes: System.Text.Json will
    // not write a lone surrogate into the event, so it is swapped for the escape "\ud800" in the event's text.
    private const char SurrogateMark = '\uE000';

    private TestGallery _gallery = null!;

    /// <summary>The photo the gallery starts with, so that some cases find it.</summary>
    private string _knownPhotoId = "";

    private static readonly byte[] Pixel = TestImages.Png(1, 1);
    private Dictionary<string, HashSet<string>> _declared = null!;

    [OneTimeSetUp]
    public async Task SetUp()
    {
        _gallery = new TestGallery();
        await _gallery.ConfirmedUserAsync("alice");
        _knownPhotoId = (await _gallery.AddPhotoAsync("alice", "Sunset at the beach", "warm", ["sea"])).GetProperty("photoId").GetString()!;
        _declared = FunctionCatalog.All.Where(f => f.Trigger is HttpTrigger).ToDictionary(f => f.Name, f => f.Errors.Select(e => e.ToString()).ToHashSet());
    }

    [OneTimeTearDown]
    public void TearDown() => _gallery.Dispose();

    public sealed record Case(string Function, string EventJson)
    {
        public override string ToString() => $"{Function}: {EventJson}";
    }

    [Test]
    public void EveryFunction_HostileInput_SuccessOr4xxProblemNever5xx()
    {
        var stopwatch = Stopwatch.StartNew();
        var statuses = new System.Collections.Concurrent.ConcurrentDictionary<(string, int), int>();

        CaseGen.SampleAsync(async c =>
        {
            var status = await InvokeAsync(c);
            statuses.AddOrUpdate((c.Function, status), 1, (_, n) => n + 1);
        }, seed: Environment.GetEnvironmentVariable("CsCheck_Seed") ?? Seed, iter: Cases, threads: 2, print: c => c.ToString()).GetAwaiter().GetResult();

        TestContext.Out.WriteLine($"{Cases} cases in {stopwatch.Elapsed.TotalSeconds:0.0} s:");
        foreach (var group in statuses.OrderBy(s => s.Key)) TestContext.Out.WriteLine($"  {group.Key.Item1} {group.Key.Item2}: {group.Value}");
        // The generator must reach past the parser: every function both refuses and accepts some cases.
        Assert.That(statuses.Keys.Select(k => k.Item1).Distinct().Count(), Is.EqualTo(7));
        Assert.That(statuses.Keys.Count(k => k.Item2 is >= 200 and < 300), Is.GreaterThanOrEqualTo(5));
        Assert.That(statuses.Keys.Count(k => k.Item2 == 400), Is.EqualTo(7));
    }

    private async Task<int> InvokeAsync(Case c)
    {
        await using var output = await _gallery.Functions[c.Function](new MemoryStream(Encoding.UTF8.GetBytes(c.EventJson)));
        var response = await JsonSerializer.DeserializeAsync(output, GalleryJson.Web.ApiResponse)
            ?? throw new AssertionException("no proxy response");
        if (response.StatusCode >= 500) throw new AssertionException($"{c.Function} answered {response.StatusCode}: {response.Body}");
        if (response.StatusCode < 400) return response.StatusCode;

        if (response.Headers?.GetValueOrDefault("Content-Type")?.StartsWith("application/problem+json", StringComparison.Ordinal) != true)
            throw new AssertionException($"{c.Function} answered {response.StatusCode} without problem JSON");
        using var problem = JsonDocument.Parse(response.Body ?? "");
        var code = problem.RootElement.GetProperty("code").GetString()!;
        var detail = problem.RootElement.GetProperty("detail").GetString()!;
        // MalformedJson is what any function says to an invocation that is not a proxy event at all.
        if (!_declared[c.Function].Contains(code) && code != nameof(ErrorCode.MalformedJson))
            throw new AssertionException($"{c.Function} answered {code}, which it does not declare");
        if (problem.RootElement.GetProperty("status").GetInt32() != response.StatusCode || detail.Length < 10)
            throw new AssertionException($"{c.Function}: a problem without its status or a detail: {response.Body}");
        return response.StatusCode;
    }

    // ---- generators ----

    private static readonly Route[] Routes = [.. RouteTable.All];

    /// <summary>Pieces of JSON string content, as a client writes them (escapes included).</summary>
    private static readonly Gen<string> Piece = Gen.Frequency(
        (8, Gen.OneOf("alice", "sunset", "Corr3ct-Horse!", "alice@example.com", "123456", "image/png", "image/jpeg", "a.png",
            "01JD3ZK8Q2V7W4X9Y6T5R3P1NM", "sea, sky", " ", "0", "data:image/png;base64,", "iVBORw0KGgo=", "Zoë", "東京", "🌅")),
        (4, Gen.OneOf(@"\ud800", @"\udfff", @"\ud83d", @"\ude00\ud83d", @"\u0000", @"\ufffd", @"\ufeff", "\uFEFF", @"\u202e",
            @"\ud83c\udf05", @"\""", @"\\", @"\n", "%ED%A0%80", "%FF", "<script>", "' OR 1=1 --", "../../x", "e\u0301")),
        (1, Gen.Char.Array[0, 8].Select(chars => new string(chars.Where(ch => ch is not ('"' or '\\') && !char.IsSurrogate(ch) && ch >= ' ').ToArray()))),
        (1, Gen.Int[1, 3].Select(n => new string('a', n * 20_000))));

    private static readonly Gen<string> StringLiteral = Piece.Array[0, 4].Select(pieces => "\"" + string.Concat(pieces) + "\"");

    private static readonly Gen<string> Number = Gen.Frequency(
        (3, Gen.OneOf("0", "-0", "1", "24", "101", "-1", "1.5", "1e400", "-1e400", "1E2", "123456789012345678901234567890",
            "9223372036854775807", "9223372036854775808", "-9223372036854775809", "52428800", "52428801", "4194304", "0.0000001")),
        (1, Gen.Long.Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture))));

    private static readonly Gen<string> Scalar = Gen.Frequency((5, StringLiteral), (2, Number), (1, Gen.OneOf("true", "false", "null")));

    private static Gen<string> Value(int depth) => depth == 0
        ? Scalar
        : Gen.Frequency(
            (6, Scalar),
            (1, Value(depth - 1).Array[0, 4].Select(items => "[" + string.Join(",", items) + "]")),
            (1, Gen.Select(StringLiteral, Value(depth - 1)).Array[0, 4].Select(members => "{" + string.Join(",", members.Select(m => m.Item1 + ":" + m.Item2)) + "}")),
            (1, Gen.Int[60, 3000].Select(n => new string('[', n) + new string(']', n))));

    /// <summary>A value for one declared field: mostly one that passes its own checks (so cases reach past
    /// validation into the ports), often a hostile or wrong-typed one.</summary>
    private Gen<string> FieldValue(Route route, Field field)
    {
        // A password check is slow on purpose (PBKDF2): login's well-formed usernames are two, which the
        // sign-in lockout soon refuses unchecked, so that thousands of cases still take seconds.
        if (route.Name == "login" && field.Name == "username")
            return Gen.Frequency((3, Gen.OneOf("\"alice\"", "\"bob\"")), (2, Gen.OneOf("\"\\ud800\"", "\"a\\u0000\"", "\"\"", "5", "null", "{}", "[\"alice\"]")));
        if (route.Name == "login" && field.Name == "password")
            return Gen.Frequency((1, Gen.OneOf($"\"{field.Example}\"")), (6, Gen.OneOf("\"Wrong-Passw0rd!\"")), (3, Scalar));
        var plausible = field.Type switch
        {
            FieldType.WholeNumber => Gen.OneOf("1000", $"{Pixel.Length}", "52428800"),
            FieldType.TrueOrFalse => Gen.OneOf("true", "false"),
            FieldType.StringList => Gen.OneOf("[\"sea\",\"sky\"]", "\"sea, sky\"", "[]"),
            FieldType.Base64 => Gen.OneOf($"\"{Convert.ToBase64String(Pixel)}\""),
            _ when field.Name == "photoId" => Gen.Const(() => $"\"{_knownPhotoId}\""),
            _ => Gen.Select(Gen.OneOf(field.Example ?? "x"), Gen.Int[0, 3], Gen.Int[0, 99_999])
                .Select((example, unique, n) => JsonSerializer.Serialize(unique == 0 && route.Name == "signup" && field.Name is "username" or "email" ? $"u{n}{example}" : example)),
        };
        return Gen.Frequency((5, plausible), (3, Scalar), (1, Value(2)));
    }

    private Gen<(string Text, bool Base64)> Body(Route route)
    {
        var fields = FunctionCatalog.ByName(route.Name).Request.In(FieldSource.Body).ToArray();
        var fielded = fields.Length == 0
            ? Value(2)
            : Gen.Select(Gen.Int[0, 5].Array[fields.Length], fields.Select(field => FieldValue(route, field)).ToArray().Aggregate(Gen.Const(Array.Empty<string>()), (all, one) => Gen.Select(all, one, (a, b) => (string[])[.. a, b])), Value(1).Array[0, 2])
                .Select((present, values, extras) => "{" + string.Join(",",
                    fields.Select((field, i) => (field.Name, i)).Where(f => present[f.i] > 0).Select(f => $"\"{f.Name}\":{values[f.i]}")
                        .Concat(extras.Select((extra, i) => $"\"extra{i}\":{extra}"))) + "}");
        var text = Gen.Frequency(
            (8, fielded),
            (2, Value(3)),
            (1, Gen.OneOf("", " ", "{", "{\"a\":", "}", "[]", "{}{}", "\uFEFF{}", "\uFEFF\uFEFF{}", "nul\0l", "{\"a\":1,}")));
        return Gen.Select(text, Gen.Int[0, 9], Gen.Byte.Array[0, 16]).Select((json, encoding, bytes) => encoding switch
        {
            // As API Gateway passes a binary body: base64, here of bytes that are often not UTF-8.
            0 => (Convert.ToBase64String(Encoding.UTF8.GetBytes(json)), true),
            1 => (Convert.ToBase64String([.. Encoding.UTF8.GetBytes(json), .. bytes]), true),
            2 => ("not base64 at all", true),
            _ => (json, false),
        });
    }

    /// <summary>Decoded query and path values, as a gateway hands them over (U+FFFD for bytes that were not UTF-8).</summary>
    private Gen<string> Decoded => Gen.Frequency(
        (6, Gen.OneOf("sunset", "sun set", "5", "24", "100", "0", "-1", "101", "1e3", "01JD3ZK8Q2V7W4X9Y6T5R3P1NM", "", " ", "eyJ4IjoxfQ", "Zoë 東京")),
        (2, Gen.Const(() => _knownPhotoId)),
        (3, Gen.OneOf("\uFFFD", "caf\uFFFD", "\0", "a\0b", $"{SurrogateMark}", $"x{SurrogateMark}y", "%FF", "\uFEFF5", "٣")),
        (1, Gen.Int[1, 3].Select(n => new string('q', n * 1000))));

    private Gen<Case> CaseGen => Gen.Int[0, Routes.Length - 1].SelectMany(index =>
    {
        var route = Routes[index];
        var request = FunctionCatalog.ByName(route.Name).Request;
        var query = request.In(FieldSource.Query).Select(f => f.Name).ToArray();
        return Gen.Select(Body(route), Gen.Bool.Array[query.Length], Decoded.Array[query.Length], Decoded, Gen.Int[0, 19])
            .Select((body, present, values, photoId, claims) =>
            {
                var proxyEvent = new ApiRequest
                {
                    Resource = route.Path,
                    Path = route.Path,
                    HttpMethod = route.Method,
                    Headers = new() { ["Content-Type"] = "application/json" },
                    QueryStringParameters = query.Length == 0 ? null : query.Where((_, i) => present[i]).Select(name => (name, value: values[Array.IndexOf(query, name)])).ToDictionary(q => q.name, q => q.value),
                    PathParameters = route.Path.Contains("{photoId}", StringComparison.Ordinal) ? new() { ["photoId"] = photoId } : null,
                    RequestContext = new ApiRequestContext
                    {
                        RequestId = "fuzz",
                        Identity = new ApiRequestIdentity { SourceIp = "203.0.113.9" },
                        // One case in twenty comes without the authorizer's claims.
                        Authorizer = claims == 0 ? null : new ApiAuthorizer { Claims = new() { ["cognito:username"] = "alice", ["email"] = "alice@example.com", ["name"] = "Alice" } },
                    },
                    Body = route.Method == "GET" ? null : body.Item1,
                    IsBase64Encoded = route.Method != "GET" && body.Item2,
                };
                var json = JsonSerializer.Serialize(proxyEvent, GalleryJson.Web.ApiRequest);
                return new Case(route.Name, json.Replace("\\uE000", "\\ud800", StringComparison.OrdinalIgnoreCase).Replace($"{SurrogateMark}", "\\ud800", StringComparison.Ordinal));
            });
    });
}

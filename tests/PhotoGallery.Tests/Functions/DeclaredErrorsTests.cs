using NUnit.Framework;
using PhotoGallery.Core.Errors;
using PhotoGallery.Core.Functions;
using PhotoGallery.Core.Http;
using PhotoGallery.Core.Photos;
using PhotoGallery.Core.Ports;
using PhotoGallery.Core.Search;
using PhotoGallery.Functions;
using PhotoGallery.Tests.Support;

namespace PhotoGallery.Tests.Functions;

/// <summary>
/// The error codes each function declares, held to what it answers, both ways: every declared code is
/// answered for some request (or, for what only AWS can say — throttling, an upstream failure, Cognito
/// refusing a confirmation — when its port says so), and no example answers a code its function does not
/// declare. <see cref="TestGallery"/> holds every other function test to the declarations as well.
/// </summary>
public sealed class DeclaredErrorsTests
{
    private const string User = "alice";

    /// <summary>One request that makes a function answer one code.</summary>
    /// <param name="PortSays">When set, the function is built on ports that refuse every call with this code.</param>
    public sealed record Example(string Function, ErrorCode Code, Func<TestGallery, Task<ApiEvent>> Request, ErrorCode? PortSays = null)
    {
        public override string ToString() => $"{Function} {Code}{(PortSays is null ? "" : " (from its port)")}";
    }

    private static readonly Example[] Examples =
    [
        .. FromPorts("signup", _ => Ready(ApiEvent.For("signup").WithBody(NewUser("newuser")))),
        new("signup", ErrorCode.MalformedJson, _ => Ready(ApiEvent.For("signup").WithJson("{\"username\":"))),
        new("signup", ErrorCode.InvalidParameter, _ => Ready(ApiEvent.For("signup").WithBody(new { username = "newuser", password = TestGallery.Password, name = "New" }))),
        new("signup", ErrorCode.InvalidPassword, _ => Ready(ApiEvent.For("signup").WithBody(NewUser("newuser") with { password = "weak" }))),
        new("signup", ErrorCode.UsernameExists, async gallery =>
        {
            await gallery.ConfirmedUserAsync("carol");
            return ApiEvent.For("signup").WithBody(NewUser("carol"));
        }),

        .. FromPorts("confirmemail", _ => Ready(ApiEvent.For("confirmemail").WithBody(new { username = "carol", code = "123456" }))),
        new("confirmemail", ErrorCode.NotAuthorized, _ => Ready(ApiEvent.For("confirmemail").WithBody(new { username = "carol", code = "123456" })), ErrorCode.NotAuthorized),
        new("confirmemail", ErrorCode.MalformedJson, _ => Ready(ApiEvent.For("confirmemail").WithJson("[]"))),
        new("confirmemail", ErrorCode.InvalidParameter, _ => Ready(ApiEvent.For("confirmemail").WithBody(new { username = "carol" }))),
        new("confirmemail", ErrorCode.CodeMismatch, async gallery => Confirm("carol", Wrong(await SignedUpCodeAsync(gallery, "carol")))),
        new("confirmemail", ErrorCode.ExpiredCode, async gallery =>
        {
            var code = await SignedUpCodeAsync(gallery, "carol");
            gallery.Clock.Advance(TimeSpan.FromHours(25));
            return Confirm("carol", code);
        }),
        new("confirmemail", ErrorCode.UserNotFound, _ => Ready(Confirm("nobody", "123456"))),
        new("confirmemail", ErrorCode.AlreadyConfirmed, async gallery =>
        {
            await gallery.ConfirmedUserAsync("carol");
            return Confirm("carol", "123456");
        }),

        .. FromPorts("login", _ => Ready(LogIn("carol", TestGallery.Password))),
        new("login", ErrorCode.MalformedJson, _ => Ready(ApiEvent.For("login").WithJson("\"carol\""))),
        new("login", ErrorCode.InvalidParameter, _ => Ready(ApiEvent.For("login").WithBody(new { username = "carol" }))),
        new("login", ErrorCode.NotAuthorized, async gallery =>
        {
            await gallery.ConfirmedUserAsync("carol");
            return LogIn("carol", "Wr0ng-Password!");
        }),
        new("login", ErrorCode.UserNotConfirmed, async gallery =>
        {
            await SignedUpCodeAsync(gallery, "carol");
            return LogIn("carol", TestGallery.Password);
        }),

        .. FromPorts("addphoto", _ => Ready(AddPhoto(Inline(TestImages.Png(), "image/png")))),
        new("addphoto", ErrorCode.MalformedJson, _ => Ready(ApiEvent.For("addphoto").AsUser(User).WithJson("{"))),
        new("addphoto", ErrorCode.InvalidParameter, _ => Ready(AddPhoto(new { fileName = "a.png", contentType = "image/png", size = 10 }))),
        new("addphoto", ErrorCode.UnsupportedImageType, _ => Ready(AddPhoto(new { title = "Bitmap", fileName = "a.bmp", contentType = "image/bmp", size = 10 }))),
        new("addphoto", ErrorCode.ImageTypeMismatch, _ => Ready(AddPhoto(Inline(TestImages.Png(), "image/jpeg")))),
        new("addphoto", ErrorCode.PayloadTooLarge, _ => Ready(AddPhoto(new { title = "Huge", fileName = "a.jpg", contentType = "image/jpeg", size = PhotoLimits.Default.MaxPhotoBytes + 1 }))),
        new("addphoto", ErrorCode.NotAuthorized, _ => Ready(ApiEvent.For("addphoto").WithBody(Inline(TestImages.Png(), "image/png")))),
        new("addphoto", ErrorCode.PhotoNotFound, _ => Ready(Complete("01JD3ZK8Q2V7W4X9Y6T5R3P1NM", User))),
        new("addphoto", ErrorCode.UploadIncomplete, async gallery => Complete(await StartUploadAsync(gallery, 1000), User)),
        new("addphoto", ErrorCode.UploadMismatch, async gallery =>
        {
            var image = TestImages.Jpeg();
            var photoId = await StartUploadAsync(gallery, image.Length + 10);
            await gallery.Backend.Store.PutAsync(PhotoKeys.Upload(photoId, ImageTypes.Jpeg), image, ImageTypes.Jpeg, default);
            return Complete(photoId, User);
        }),
        new("addphoto", ErrorCode.TooManyPendingPhotos, async gallery =>
        {
            for (var i = 0; i < PhotoLimits.Default.MaxPendingPhotos; i++) await StartUploadAsync(gallery, 1000);
            return AddPhoto(new { title = "One too many", fileName = "glacier.jpg", contentType = ImageTypes.Jpeg, size = 1000 });
        }),
        new("addphoto", ErrorCode.Forbidden, async gallery =>
        {
            var image = TestImages.Jpeg();
            var photoId = await StartUploadAsync(gallery, image.Length);
            await gallery.Backend.Store.PutAsync(PhotoKeys.Upload(photoId, ImageTypes.Jpeg), image, ImageTypes.Jpeg, default);
            return Complete(photoId, "mallory");
        }),

        .. FromPorts("getphotos", _ => Ready(ApiEvent.For("getphotos").AsUser(User))),
        new("getphotos", ErrorCode.NotAuthorized, _ => Ready(ApiEvent.For("getphotos"))),
        new("getphotos", ErrorCode.InvalidParameter, _ => Ready(ApiEvent.For("getphotos").AsUser(User).WithQuery("limit", "0"))),
        new("getphotos", ErrorCode.InvalidCursor, _ => Ready(ApiEvent.For("getphotos").AsUser(User).WithQuery("cursor", "garbage"))),

        .. FromPorts("getphoto", _ => Ready(ApiEvent.For("getphoto").AsUser(User).WithPhotoId("01JD3ZK8Q2V7W4X9Y6T5R3P1NM"))),
        new("getphoto", ErrorCode.NotAuthorized, _ => Ready(ApiEvent.For("getphoto").WithPhotoId("01JD3ZK8Q2V7W4X9Y6T5R3P1NM"))),
        new("getphoto", ErrorCode.InvalidParameter, _ => Ready(ApiEvent.For("getphoto").AsUser(User).WithPhotoId("01JD3ZK8Q2V7W4X9Y6T5R3P1N\uFFFD"))),
        new("getphoto", ErrorCode.PhotoNotFound, _ => Ready(ApiEvent.For("getphoto").AsUser(User).WithPhotoId("01JD3ZK8Q2V7W4X9Y6T5R3P1NM"))),

        .. FromPorts("search", _ => Ready(ApiEvent.For("search").AsUser(User).WithQuery("q", "sun"))),
        new("search", ErrorCode.NotAuthorized, _ => Ready(ApiEvent.For("search").WithQuery("q", "sun"))),
        new("search", ErrorCode.InvalidParameter, _ => Ready(ApiEvent.For("search").AsUser(User))),
        new("search", ErrorCode.InvalidCursor, _ => Ready(ApiEvent.For("search").AsUser(User).WithQuery("q", "sun").WithQuery("cursor", "garbage"))),
    ];

    private static IEnumerable<Example> ExampleCases() => Examples;

    [Test]
    public void Examples_EveryDeclaredCodeOfEveryFunction_HasOne()
    {
        var missing = FunctionCatalog.All.SelectMany(f => f.Errors.Select(code => $"{f.Name} {code}"))
            .Except(Examples.Select(e => $"{e.Function} {e.Code}"));

        Assert.That(missing, Is.Empty, "declared but never shown to be answered");
    }

    [Test]
    public void Examples_EachCode_DeclaredByItsFunction()
    {
        var undeclared = Examples.Where(e => !FunctionCatalog.ByName(e.Function).Errors.Contains(e.Code)).Select(e => e.ToString());

        Assert.That(undeclared, Is.Empty, "answered but not declared");
    }

    [TestCaseSource(nameof(ExampleCases))]
    public async Task Example_Request_AnswersItsCode(Example example)
    {
        using var gallery = new TestGallery();
        var request = await example.Request(gallery);
        var function = FunctionCatalog.ByName(example.Function);
        var handler = example.PortSays is { } refusal ? function.Create(RefusingPorts(refusal)) : gallery.Functions[example.Function];

        var reply = await Reply.InvokeAsync(handler, request);

        reply.ShouldBeProblem(ErrorCodes.StatusOf(example.Code), example.Code.ToString());
    }

    /// <summary>What only AWS can say to any function: try again later, and the service failed.</summary>
    private static IEnumerable<Example> FromPorts(string function, Func<TestGallery, Task<ApiEvent>> request) =>
        [new(function, ErrorCode.TooManyRequests, request, ErrorCode.TooManyRequests), new(function, ErrorCode.UpstreamError, request, ErrorCode.UpstreamError)];

    private static FunctionPorts RefusingPorts(ErrorCode code) =>
        new(() => new RefusingUserPool(code), () => new RefusingPhotoStore(code), () => new RefusingPhotoIndex(code),
            PhotoLimits.Default, TimeProvider.System);

    private static Task<ApiEvent> Ready(ApiEvent request) => Task.FromResult(request);

    private static SignUpBody NewUser(string username) => new(username, TestGallery.Password, "New User", $"{username}@example.com");

    private static ApiEvent Confirm(string username, string code) => ApiEvent.For("confirmemail").WithBody(new { username, code });

    private static ApiEvent LogIn(string username, string password) => ApiEvent.For("login").WithBody(new { username, password });

    private static ApiEvent AddPhoto(object body) => ApiEvent.For("addphoto").AsUser(User).WithBody(body);

    private static ApiEvent Complete(string photoId, string user) => ApiEvent.For("addphoto").AsUser(user).WithBody(new { photoId, complete = true });

    private static object Inline(byte[] image, string contentType) =>
        new { title = "Harbour", fileName = "harbour.img", contentType, size = image.Length, image = Convert.ToBase64String(image) };

    private static string Wrong(string code) => code == "000000" ? "111111" : "000000";

    private static async Task<string> SignedUpCodeAsync(TestGallery gallery, string username)
    {
        await gallery.Backend.Users.SignUpAsync(new NewUser(username, TestGallery.Password, "Carol", $"{username}@example.com"), default);
        return gallery.Backend.Users.Outbox().Single(m => m.Username == username).Code;
    }

    private static async Task<string> StartUploadAsync(TestGallery gallery, long size)
    {
        var reply = await gallery.InvokeAsync("addphoto", AddPhoto(new { title = "Glacier", fileName = "glacier.jpg", contentType = ImageTypes.Jpeg, size }));
        return reply.ShouldBe(201).Json.GetProperty("photo").GetProperty("photoId").GetString()!;
    }

    private sealed record SignUpBody(string username, string password, string name, string email);

    private sealed class RefusingUserPool(ErrorCode code) : IUserPool
    {
        public Task<CodeDelivery> SignUpAsync(NewUser user, CancellationToken cancellationToken) => throw Refusal(code);
        public Task ConfirmSignUpAsync(string username, string confirmationCode, string source, CancellationToken cancellationToken) => throw Refusal(code);
        public Task<SignInResult> SignInAsync(string username, string password, CancellationToken cancellationToken) => throw Refusal(code);
    }

    private sealed class RefusingPhotoStore(ErrorCode code) : IPhotoStore
    {
        public Task PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken) => throw Refusal(code);
        public Task<StoredObject?> HeadAsync(string key, CancellationToken cancellationToken) => throw Refusal(code);
        public Task<byte[]> ReadStartAsync(string key, int maxBytes, CancellationToken cancellationToken) => throw Refusal(code);
        public Task CopyAsync(string sourceKey, string destinationKey, string? ifVersion, CancellationToken cancellationToken) => throw Refusal(code);
        public Task<PresignedUpload> PresignUploadAsync(string key, string contentType, long size, TimeSpan lifetime, CancellationToken cancellationToken) => throw Refusal(code);
        public Task<Uri> PresignDownloadAsync(string key, SigningWindow window, CancellationToken cancellationToken) => throw Refusal(code);
    }

    private sealed class RefusingPhotoIndex(ErrorCode code) : IPhotoIndex
    {
        public Task SaveAsync(Photo photo, CancellationToken cancellationToken) => throw Refusal(code);
        public Task<bool> TryAddPendingAsync(Photo photo, OpenUploads openUploads, CancellationToken cancellationToken) => throw Refusal(code);
        public Task<Photo?> FindAsync(string photoId, CancellationToken cancellationToken) => throw Refusal(code);
        public Task<bool> RecordImagesAsync(string photoId, ImagesOutcome outcome, CancellationToken cancellationToken) => throw Refusal(code);
        public Task<PhotoPage> ListAsync(PageRequest page, CancellationToken cancellationToken) => throw Refusal(code);
        public Task<PhotoPage> SearchAsync(SearchQuery query, PageRequest page, CancellationToken cancellationToken) => throw Refusal(code);
    }

    private static GalleryException Refusal(ErrorCode code) => new(code, $"The port says {code}, as the AWS adapter would.");
}

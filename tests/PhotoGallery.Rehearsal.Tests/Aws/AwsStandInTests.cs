using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using NUnit.Framework;
using PhotoGallery.Aws.Catalog;
using PhotoGallery.Aws.Storage;
using PhotoGallery.Core.Errors;
using PhotoGallery.Emulators;
using PhotoGallery.Local.Events;
using PhotoGallery.Local.Storage;
using PhotoGallery.Rehearsal.Aws;

namespace PhotoGallery.Rehearsal.Tests.Aws;

/// <summary>
/// The stand-in between the AWS SDK for .NET and the real emulators: each client signs with one
/// function's keys, as a function process does, and sees what it would see on AWS.
/// </summary>
[TestFixture]
[Category(TestCategories.Rehearsal)]
public sealed class AwsStandInTests
{
    private const string BucketName = "photogallery-photos-1a2b3c";
    private const string TableName = "PhotoGallery-PhotosTable-7E3E5302";
    private const string Account = PolicyEvaluatorTests.Account;

    private static readonly AwsPrincipal AddPhoto = Principal("addphoto", PolicyEvaluatorTests.AddPhotoPolicy);
    private static readonly AwsPrincipal GetPhoto = Principal("getphoto", PolicyEvaluatorTests.GetPhotoPolicy);

    // A role whose s3:ListBucket has no condition: S3 may tell it that a key is missing.
    private static readonly AwsPrincipal Lister = Principal("lister", PolicyEvaluatorTests.Policy($$"""
        [
          { "Action": "s3:GetObject", "Effect": "Allow", "Resource": "{{PolicyEvaluatorTests.Bucket}}/photos/*" },
          { "Action": "s3:ListBucket", "Effect": "Allow", "Resource": "{{PolicyEvaluatorTests.Bucket}}" }
        ]
        """));

    private readonly StringWriter _log = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<S3ObjectCreated> _created = new();
    private EmulatorSet _emulators = null!;
    private AwsStandIn _standIn = null!;
    private UserPoolApp _pool = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _emulators = await EmulatorSet.StartAsync(TestContext.Progress.WriteLine, default);
        await _emulators.CreateBucketAsync(BucketName, default);
        await _emulators.CreateTableAsync(TableName, default);
        _pool = await _emulators.CreateUserPoolAsync("rehearsal", withSecret: false, default);
        _standIn = await AwsStandIn.StartAsync(_emulators, [AddPhoto, GetPhoto, Lister], EmulatorSet.Region, Account, _log, default);
        _standIn.ObjectCreated += _created.Enqueue;
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        TestContext.Progress.WriteLine(_log.ToString());
        await _standIn.DisposeAsync();
        await _emulators.DisposeAsync();
    }

    [Test]
    public async Task PutObjectAndGetObject_AllowedByTheRole_ReachS3rver()
    {
        using var s3 = S3(AddPhoto);
        var key = Key("uploads");

        await s3.PutObjectAsync(new PutObjectRequest { BucketName = BucketName, Key = key, ContentBody = "hello", ContentType = "text/plain", UseChunkEncoding = false });
        using var read = await s3.GetObjectAsync(BucketName, key);

        Assert.That(await new StreamReader(read.ResponseStream).ReadToEndAsync(), Is.EqualTo("hello"));
        Assert.That(CallsOn(key), Is.EqualTo(new[]
        {
            ("PhotoGallery-addphoto", "s3:PutObject", "Allowed", 200, false),
            ("PhotoGallery-addphoto", "s3:GetObject", "Allowed", 200, false),
        }));
    }

    [Test]
    public async Task CopyObject_AllowedOnSourceAndTarget_Copies()
    {
        using var s3 = S3(AddPhoto);
        var (source, target) = (Key("uploads"), Key("photos"));
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = BucketName, Key = source, ContentBody = "bytes", UseChunkEncoding = false });

        await s3.CopyObjectAsync(BucketName, source, BucketName, target);

        using var read = await s3.GetObjectAsync(BucketName, target);
        Assert.That(await new StreamReader(read.ResponseStream).ReadToEndAsync(), Is.EqualTo("bytes"));
        Assert.That(Calls().Where(c => c.Resource.EndsWith(source, StringComparison.Ordinal) && c.Action == "s3:GetObject"), Has.Exactly(1).Matches<AwsCall>(c => c!.Status == 200));
    }

    // The gallery's own S3 adapter, as AddPhoto runs it: upload, look, ranged read, conditional copy.
    [Test]
    public async Task S3PhotoStore_AddPhotoRole_PublishesAnUpload()
    {
        var store = PhotoStore(AddPhoto);
        var (upload, photo) = (Key("uploads"), Key("photos"));
        await store.PutAsync(upload, new byte[] { 0x89, 0x50, 0x4E, 0x47, 1, 2, 3 }, "image/png", default);

        var head = await store.HeadAsync(upload, default);
        var start = await store.ReadStartAsync(upload, 4, default);
        await store.CopyAsync(upload, photo, head!.Version, default);

        Assert.That((head.Size, head.ContentType), Is.EqualTo((7L, "image/png")));
        Assert.That(start, Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47 }));
        Assert.That(await ExistsAsync(photo), Is.True);
    }

    // The stack as synthesized today: AddPhoto's s3:ListBucket only holds for requests with an s3:prefix,
    // which HeadObject never carries, so a missing upload is 403 where the gallery expects 404 (issue 10).
    [Test]
    public async Task S3PhotoStore_AddPhotoRoleHeadOfMissingUpload_IsForbiddenNotNotFound()
    {
        var store = PhotoStore(AddPhoto);

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => store.HeadAsync(Key("uploads"), default));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task PutObject_NotAllowedByTheRole_IsAccessDeniedAsS3AnswersIt()
    {
        using var s3 = S3(GetPhoto);
        var key = Key("photos");

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() =>
            s3.PutObjectAsync(new PutObjectRequest { BucketName = BucketName, Key = key, ContentBody = "x", UseChunkEncoding = false }));

        Assert.That((error!.StatusCode, error.ErrorCode), Is.EqualTo((HttpStatusCode.Forbidden, "AccessDenied")));
        Assert.That(error.Message, Is.EqualTo(
            $"User: arn:aws:sts::{Account}:assumed-role/getphotoRole/PhotoGallery-getphoto is not authorized to perform: s3:PutObject " +
            $"on resource: \"arn:aws:s3:::{BucketName}/{key}\" because no identity-based policy allows the s3:PutObject action"));
        Assert.That(CallsOn(key), Is.EqualTo(new[] { ("PhotoGallery-getphoto", "s3:PutObject", "ImplicitlyDenied", 403, false) }));
        Assert.That(_log.ToString(), Does.Contain($"DENIED PhotoGallery-getphoto s3:PutObject on arn:aws:s3:::{BucketName}/{key}"));
        Assert.That(await ExistsAsync(key), Is.False, "a denied call must not reach s3rver");
    }

    [Test]
    public async Task HeadObject_MissingKeyWithListBucketGranted_Is404()
    {
        using var s3 = S3(Lister);
        var key = Key("photos");

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.GetObjectMetadataAsync(BucketName, key));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(Calls().Where(c => c.Function == "PhotoGallery-lister" && c.Action == "s3:ListBucket").Select(c => c.Decision), Has.Some.EqualTo("Allowed"));
    }

    [Test]
    public async Task HeadObject_MissingKeyWithListBucketOnlyForPrefixes_Is403AsOnAws()
    {
        using var s3 = S3(AddPhoto);
        var key = Key("uploads");

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.GetObjectMetadataAsync(BucketName, key));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        var listBucket = Calls().Last(c => c.Function == "PhotoGallery-addphoto" && c.Action == "s3:ListBucket");
        Assert.That((listBucket.Resource, listBucket.Decision, listBucket.Status), Is.EqualTo(($"arn:aws:s3:::{BucketName}", "ImplicitlyDenied", 403)));
        Assert.That(_log.ToString(), Does.Contain($"DENIED PhotoGallery-addphoto s3:ListBucket on arn:aws:s3:::{BucketName}"));
    }

    [Test]
    public async Task GetObject_MissingKeyWithListBucketOnlyForPrefixes_IsAccessDenied()
    {
        using var s3 = S3(AddPhoto);

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.GetObjectAsync(BucketName, Key("photos")));

        Assert.That((error!.StatusCode, error.ErrorCode), Is.EqualTo((HttpStatusCode.Forbidden, "AccessDenied")));
        Assert.That(error.Message, Does.Contain("s3:ListBucket"));
    }

    [Test]
    public async Task PutItem_ReadOnlyRole_IsAccessDeniedException()
    {
        using var dynamo = DynamoDb(GetPhoto);
        var item = new Dictionary<string, AttributeValue> { ["PK"] = new("PHOTO#" + Guid.NewGuid()), ["SK"] = new("META") };

        var error = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => dynamo.PutItemAsync(TableName, item));

        var table = $"arn:aws:dynamodb:{EmulatorSet.Region}:{Account}:table/{TableName}";
        Assert.That((error!.StatusCode, error.ErrorCode), Is.EqualTo((HttpStatusCode.BadRequest, "AccessDeniedException")));
        Assert.That(error.Message, Is.EqualTo(
            $"User: arn:aws:sts::{Account}:assumed-role/getphotoRole/PhotoGallery-getphoto is not authorized to perform: dynamodb:PutItem " +
            $"on resource: {table} because no identity-based policy allows the dynamodb:PutItem action"));
        Assert.That(_log.ToString(), Does.Contain($"DENIED PhotoGallery-getphoto dynamodb:PutItem on {table}"));
    }

    [Test]
    public async Task PutItemThenGetItem_AllowedRoles_ReachDynalite()
    {
        using var writer = DynamoDb(AddPhoto);
        using var reader = DynamoDb(GetPhoto);
        var key = new Dictionary<string, AttributeValue> { ["PK"] = new("PHOTO#" + Guid.NewGuid()), ["SK"] = new("META") };

        await writer.PutItemAsync(TableName, new Dictionary<string, AttributeValue>(key) { ["Title"] = new("sunset") });
        var read = await reader.GetItemAsync(TableName, key);

        Assert.That(read.Item["Title"].S, Is.EqualTo("sunset"));
    }

    [Test]
    public async Task PresignedPut_SignedByOneFunction_IsAttributedToIt()
    {
        var key = Key("uploads");
        using var response = await PresignedPutByAddPhotoAsync(key);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(CallsOn(key), Is.EqualTo(new[] { ("PhotoGallery-addphoto", "s3:PutObject", "Allowed", 200, true) }));
        Assert.That(await ExistsAsync(key), Is.True);
    }

    [Test]
    public async Task PresignedPut_SignedByAFunctionThatMayNotPut_IsDeniedAndAttributedToIt()
    {
        using var s3 = S3(GetPhoto);
        var key = Key("uploads");
        var url = await s3.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = BucketName, Key = key, Verb = HttpVerb.PUT, Expires = DateTime.UtcNow.AddMinutes(5), Protocol = Protocol.HTTP,
        });

        using var browser = new HttpClient();
        using var response = await browser.PutAsync(url, new ByteArrayContent([1]));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("<Code>AccessDenied</Code>"));
        Assert.That(CallsOn(key), Is.EqualTo(new[] { ("PhotoGallery-getphoto", "s3:PutObject", "ImplicitlyDenied", 403, true) }));
    }

    [Test]
    public async Task AnyCall_UnknownAccessKey_IsRefusedAsEachServiceRefusesIt()
    {
        var stranger = new AwsPrincipal("stranger", "arn:aws:iam::1:role/x", "AKIASTRANGER", "secret", "token", []);
        using var s3 = S3(stranger);
        using var dynamo = DynamoDb(stranger);

        var s3Error = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.GetObjectAsync(BucketName, Key("photos")));
        var dynamoError = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => dynamo.DescribeTableAsync(TableName));

        Assert.That((s3Error!.StatusCode, s3Error.ErrorCode), Is.EqualTo((HttpStatusCode.Forbidden, "InvalidAccessKeyId")));
        Assert.That((dynamoError!.StatusCode, dynamoError.ErrorCode), Is.EqualTo((HttpStatusCode.BadRequest, "UnrecognizedClientException")));
        Assert.That(_log.ToString(), Does.Contain("the access key AKIASTRANGER belongs to no function"));
    }

    [Test]
    public async Task UnsignedS3Request_IsDeniedAsForAnonymousCallers()
    {
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(_standIn.Endpoint, $"{BucketName}/{Key("photos")}"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("<Code>AccessDenied</Code>"));
    }

    [Test]
    public async Task CognitoSignUp_Unsigned_IsForwardedAndRecordedAsUnsigned()
    {
        using var http = new HttpClient();
        var username = "u" + Guid.NewGuid().ToString("N")[..10];
        var body = new JsonObject
        {
            ["ClientId"] = _pool.ClientId, ["Username"] = username, ["Password"] = "Passw0rd!",
            ["UserAttributes"] = new JsonArray(new JsonObject { ["Name"] = "email", ["Value"] = $"{username}@example.com" }),
        };

        using var response = await PostJsonAsync(http, "AWSCognitoIdentityProviderService.SignUp", "1.1", body.ToJsonString());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("UserSub"));
        Assert.That(Calls(), Has.Some.Matches<AwsCall>(c => c is { Action: "cognito-idp:SignUp", Decision: "Unsigned", Function: null, Status: 200 }));
    }

    [Test]
    public async Task UnknownCall_IsRefusedAndNotForwarded()
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_standIn.Endpoint, $"{BucketName}?analytics"));
        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential={AddPhoto.AccessKeyId}/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00");

        using var response = await http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("does not know this AWS call"));
        Assert.That(Calls(), Has.Some.Matches<AwsCall>(c => c is { Function: "PhotoGallery-addphoto", Decision: "Refused", Denied: true }));
    }

    [Test]
    public async Task CorsPreflight_IsForwardedWithoutIamAndAnsweredAsS3rverAnswers()
    {
        var path = $"{BucketName}/{Key("uploads")}";
        using var http = new HttpClient();

        using var viaStandIn = await http.SendAsync(Preflight(new Uri(_standIn.Endpoint, path)));
        using var direct = await http.SendAsync(Preflight(new Uri(_emulators.S3Url, path)));

        Assert.That(viaStandIn.StatusCode, Is.EqualTo(direct.StatusCode));
        Assert.That(Calls(), Has.Some.Matches<AwsCall>(c => c is { Action: "s3:CorsPreflight", Decision: "Unsigned" } && c.Status == (int)direct.StatusCode));

        static HttpRequestMessage Preflight(Uri url)
        {
            var request = new HttpRequestMessage(HttpMethod.Options, url);
            request.Headers.Add("Origin", "http://localhost:5080");
            request.Headers.Add("Access-Control-Request-Method", "PUT");
            return request;
        }
    }

    [Test]
    public async Task StartAsync_IdentityWithoutARole_FailsNamingTheFunction()
    {
        var broken = GetPhoto with { FunctionName = "PhotoGallery-broken", AccessKeyId = "ASIABROKEN", RoleArn = "" };

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            AwsStandIn.StartAsync(_emulators, [AddPhoto, broken], EmulatorSet.Region, Account, TextWriter.Null, default));

        Assert.That(error!.Message, Does.Contain("PhotoGallery-broken"));
    }

    // ---------------------------------------------------------------- S3's ObjectCreated events

    [Test]
    public async Task PutObject_Allowed_S3EmitsObjectCreatedPutWithSizeETagAndWriter()
    {
        using var s3 = S3(AddPhoto);
        var key = Key("photos");

        var put = await s3.PutObjectAsync(new PutObjectRequest { BucketName = BucketName, Key = key, ContentBody = "twelve bytes", UseChunkEncoding = false });
        var created = await CreatedAsync(key);

        Assert.That(created.EventName, Is.EqualTo("ObjectCreated:Put"));
        Assert.That((created.Bucket, created.Region, created.Size), Is.EqualTo((BucketName, EmulatorSet.Region, 12L)));
        Assert.That(created.ETag, Is.EqualTo(put.ETag.Trim('"')).And.Match("^[0-9a-f]{32}$"));
        Assert.That(created.PrincipalId, Is.EqualTo("AWS:addphotoRole:PhotoGallery-addphoto"));
        Assert.That(created.Sequencer, Has.Length.EqualTo(18));
    }

    [Test]
    public async Task CopyObject_Allowed_S3EmitsObjectCreatedCopyForTheTarget()
    {
        using var s3 = S3(AddPhoto);
        var (source, target) = (Key("uploads"), Key("photos"));
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = BucketName, Key = source, ContentBody = "copied", UseChunkEncoding = false });
        await CreatedAsync(source);

        await s3.CopyObjectAsync(BucketName, source, BucketName, target);
        var created = await CreatedAsync(target);

        Assert.That((created.EventName, created.Size), Is.EqualTo(("ObjectCreated:Copy", 6L)));
        Assert.That(_created.Count(c => c.Key == source), Is.EqualTo(1), "the copy's source was not created again");
    }

    [Test]
    public async Task MultipartUpload_Completed_S3EmitsCompleteMultipartUpload()
    {
        using var s3 = S3(AddPhoto);
        var key = Key("photos");
        var started = await s3.InitiateMultipartUploadAsync(BucketName, key);
        using var part = new MemoryStream(new byte[1024]);
        var uploaded = await s3.UploadPartAsync(new UploadPartRequest
        {
            BucketName = BucketName, Key = key, UploadId = started.UploadId, PartNumber = 1, InputStream = part, UseChunkEncoding = false,
        });
        await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = BucketName, Key = key, UploadId = started.UploadId, PartETags = [new PartETag(1, uploaded.ETag)],
        });

        var created = await CreatedAsync(key);

        Assert.That((created.EventName, created.Size), Is.EqualTo(("ObjectCreated:CompleteMultipartUpload", 1024L)));
        Assert.That(_created.Count(c => c.Key == key), Is.EqualTo(1), "starting the upload and its part create nothing yet");
    }

    [Test]
    public async Task PresignedPut_UploadedByABrowser_S3EmitsObjectCreatedPutAsTheSigner()
    {
        var key = Key("uploads");
        using var response = await PresignedPutByAddPhotoAsync(key);
        var created = await CreatedAsync(key);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((created.EventName, created.Size, created.PrincipalId), Is.EqualTo(("ObjectCreated:Put", 3L, "AWS:addphotoRole:PhotoGallery-addphoto")));
    }

    [Test]
    public async Task DeniedPutAndReads_StoreNothingNew_S3EmitsNothing()
    {
        var (denied, read, marker) = (Key("photos"), Key("photos"), Key("photos"));
        using (var writer = S3(AddPhoto))
            await writer.PutObjectAsync(new PutObjectRequest { BucketName = BucketName, Key = read, ContentBody = "x", UseChunkEncoding = false });
        await CreatedAsync(read);
        using var s3 = S3(GetPhoto);

        await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.PutObjectAsync(new PutObjectRequest { BucketName = BucketName, Key = denied, ContentBody = "x", UseChunkEncoding = false }));
        using (await s3.GetObjectAsync(BucketName, read)) { }
        await s3.GetObjectMetadataAsync(BucketName, read);
        using (var writer = S3(AddPhoto))
            await writer.PutObjectAsync(new PutObjectRequest { BucketName = BucketName, Key = marker, ContentBody = "x", UseChunkEncoding = false });
        await CreatedAsync(marker);
        await Task.Delay(200);

        Assert.That(_created.Where(c => c.Key == denied), Is.Empty);
        Assert.That(_created.Count(c => c.Key == read), Is.EqualTo(1));
    }

    /// <summary>The event S3 emitted for <paramref name="key"/> (emitted after the answer, so it may take a moment).</summary>
    // Form uploads (presigned POSTs): s3rver ignores their policy, so the stand-in enforces it as S3 does.

    [Test]
    public async Task PresignedPost_TheDeclaredFile_StoredAttributedToTheSignerAndObjectCreatedPost()
    {
        var key = Key("uploads");
        var upload = await PhotoStore(AddPhoto).PresignUploadAsync(key, "image/png", 3, TimeSpan.FromMinutes(5), default);

        var (status, body) = await SendFormAsync(UploadForm.Request(upload, [1, 2, 3]));
        Assert.That(status, Is.EqualTo(204), body);
        var created = await CreatedAsync(key);

        Assert.That(CallsOn(key), Is.EqualTo(new[] { ("PhotoGallery-addphoto", "s3:PutObject", "Allowed", 204, true) }));
        Assert.That((created.EventName, created.Size, created.PrincipalId), Is.EqualTo(("ObjectCreated:Post", 3L, "AWS:addphotoRole:PhotoGallery-addphoto")));
        using var s3 = S3PhotoStore.CreateClient(_emulators.S3Settings(BucketName));
        Assert.That((await s3.GetObjectMetadataAsync(BucketName, key)).Headers.ContentType, Is.EqualTo("image/png"));
    }

    [Test]
    public async Task PresignedPost_OneByteMoreThanDeclared_400EntityTooLargeAndNothingReachesS3rver()
    {
        var key = Key("uploads");
        var upload = await PhotoStore(AddPhoto).PresignUploadAsync(key, "image/png", 3, TimeSpan.FromMinutes(5), default);

        var (status, body) = await SendFormAsync(UploadForm.Request(upload, [1, 2, 3, 4]));

        Assert.That(status, Is.EqualTo(400));
        Assert.That(body, Does.Contain("<Code>EntityTooLarge</Code>").And.Contain("<MaxSizeAllowed>3</MaxSizeAllowed>"));
        Assert.That(await ExistsAsync(key), Is.False);
        Assert.That(CallsOn(key), Is.EqualTo(new[] { ("PhotoGallery-addphoto", "s3:PutObject", "Allowed", 400, true) }), "IAM allowed it: S3 refused the file");
    }

    [Test]
    public async Task PresignedPost_FewerBytesThanDeclared_400EntityTooSmall()
    {
        var key = Key("uploads");
        var upload = await PhotoStore(AddPhoto).PresignUploadAsync(key, "image/png", 3, TimeSpan.FromMinutes(5), default);

        var (status, body) = await SendFormAsync(UploadForm.Request(upload, [1, 2]));

        Assert.That(status, Is.EqualTo(400));
        Assert.That(body, Does.Contain("<Code>EntityTooSmall</Code>"));
        Assert.That(await ExistsAsync(key), Is.False);
    }

    [TestCase("Content-Type", "text/html", "Policy Condition failed")]
    [TestCase("key", "photos/elsewhere.png", "Policy Condition failed")]
    [TestCase("Content-Disposition", "inline", "Extra input fields: Content-Disposition")]
    public async Task PresignedPost_FormChanged_403AccessDeniedNamingThePolicy(string field, string value, string message)
    {
        var key = Key("uploads");
        var upload = await PhotoStore(AddPhoto).PresignUploadAsync(key, "image/png", 3, TimeSpan.FromMinutes(5), default);
        var fields = new Dictionary<string, string>(upload.Fields) { [field] = value };

        var (status, body) = await SendFormAsync(UploadForm.Request(HttpMethod.Post, upload.Url, fields, [1, 2, 3]));

        Assert.That(status, Is.EqualTo(403));
        Assert.That(body, Does.Contain("<Code>AccessDenied</Code>").And.Contain(message));
        Assert.That(await ExistsAsync(key), Is.False);
    }

    [Test]
    public async Task PresignedPost_PolicyRewrittenForMore_403SignatureDoesNotMatch()
    {
        var key = Key("uploads");
        var upload = await PhotoStore(AddPhoto).PresignUploadAsync(key, "image/png", 3, TimeSpan.FromMinutes(5), default);
        var policy = Encoding.UTF8.GetString(Convert.FromBase64String(upload.Fields["Policy"])).Replace("[\"content-length-range\",3,3]", "[\"content-length-range\",0,5000000000]", StringComparison.Ordinal);
        var fields = new Dictionary<string, string>(upload.Fields) { ["Policy"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(policy)) };

        var (status, body) = await SendFormAsync(UploadForm.Request(HttpMethod.Post, upload.Url, fields, [1, 2, 3, 4, 5]));

        Assert.That(status, Is.EqualTo(403));
        Assert.That(body, Does.Contain("<Code>SignatureDoesNotMatch</Code>"));
        Assert.That(await ExistsAsync(key), Is.False);
    }

    [Test]
    public async Task PresignedPost_SignedByAFunctionThatMayNotPut_403DeniedAndAttributedToIt()
    {
        var key = Key("uploads");
        var upload = await PhotoStore(GetPhoto).PresignUploadAsync(key, "image/png", 3, TimeSpan.FromMinutes(5), default);

        var (status, body) = await SendFormAsync(UploadForm.Request(upload, [1, 2, 3]));

        Assert.That(status, Is.EqualTo(403));
        Assert.That(body, Does.Contain("<Code>AccessDenied</Code>"));
        Assert.That(CallsOn(key), Is.EqualTo(new[] { ("PhotoGallery-getphoto", "s3:PutObject", "ImplicitlyDenied", 403, true) }));
    }

    private static async Task<(int Status, string Body)> SendFormAsync(HttpRequestMessage request)
    {
        using var browser = new HttpClient();
        using (request)
        using (var response = await browser.SendAsync(request))
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<S3ObjectCreated> CreatedAsync(string key)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            if (_created.FirstOrDefault(c => c.Key == key) is { } created) return created;
            if (waited.Elapsed > TimeSpan.FromSeconds(10)) Assert.Fail($"S3 emitted no ObjectCreated for {key} within 10 s. Log:\n{_log}");
            await Task.Delay(20);
        }
    }

    [Test]
    public async Task DynamoDbCall_Unsigned_IsMissingAuthenticationToken()
    {
        using var http = new HttpClient();

        using var response = await PostJsonAsync(http, "DynamoDB_20120810.DescribeTable", "1.0", $$"""{"TableName":"{{TableName}}"}""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("MissingAuthenticationTokenException"));
    }

    private static AwsPrincipal Principal(string function, JsonObject policy) => new(
        "PhotoGallery-" + function, $"arn:aws:iam::{Account}:role/{function}Role", "ASIA" + function.ToUpperInvariant() + "KEY",
        "secret-" + function, "token-" + function, [policy]);

    private static string Key(string prefix) => $"{prefix}/{Guid.NewGuid():N}.png";

    private AmazonS3Client S3(AwsPrincipal principal) => S3PhotoStore.CreateClient(new S3Settings
    {
        Bucket = BucketName, Region = EmulatorSet.Region, ServiceUrl = _standIn.Endpoint, UseChunkEncoding = false,
        Credentials = new SessionAWSCredentials(principal.AccessKeyId, principal.SecretAccessKey, principal.SessionToken),
    });

    private S3PhotoStore PhotoStore(AwsPrincipal principal) => new(S3(principal), new S3Settings
    {
        Bucket = BucketName, Region = EmulatorSet.Region, ServiceUrl = _standIn.Endpoint, UseChunkEncoding = false,
    });

    private AmazonDynamoDBClient DynamoDb(AwsPrincipal principal) => DynamoDbPhotoIndex.CreateClient(new DynamoDbSettings
    {
        Table = TableName, Region = EmulatorSet.Region, ServiceUrl = _standIn.Endpoint,
        Credentials = new SessionAWSCredentials(principal.AccessKeyId, principal.SecretAccessKey, principal.SessionToken),
    });

    private Task<HttpResponseMessage> PostJsonAsync(HttpClient http, string target, string version, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, _standIn.Endpoint) { Content = new StringContent(json, Encoding.UTF8) };
        request.Headers.Add("X-Amz-Target", target);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue($"application/x-amz-json-{version}");
        return http.SendAsync(request);
    }

    // Straight to s3rver, past the stand-in, with its own key: what is really stored.
    private async Task<bool> ExistsAsync(string key)
    {
        using var s3 = S3PhotoStore.CreateClient(_emulators.S3Settings(BucketName));
        try
        {
            await s3.GetObjectMetadataAsync(BucketName, key);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private IReadOnlyList<AwsCall> Calls() => _standIn.Calls;

    private (string?, string, string, int, bool)[] CallsOn(string key) =>
        [.. Calls().Where(c => c.Resource == $"arn:aws:s3:::{BucketName}/{key}").Select(c => (c.Function, c.Action, c.Decision, c.Status, c.Presigned))];

    /// <summary>Three bytes PUT by a browser to a URL addphoto presigned for <paramref name="key"/> (image/png).</summary>
    private async Task<HttpResponseMessage> PresignedPutByAddPhotoAsync(string key)
    {
        using var s3 = S3(AddPhoto);
        var url = await s3.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = BucketName, Key = key, Verb = HttpVerb.PUT, ContentType = "image/png", Expires = DateTime.UtcNow.AddMinutes(5), Protocol = Protocol.HTTP,
        });
        using var browser = new HttpClient();
        using var body = new ByteArrayContent([1, 2, 3]);
        body.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        return await browser.PutAsync(url, body);
    }
}

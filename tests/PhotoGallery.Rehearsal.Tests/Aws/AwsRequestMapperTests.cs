using System.Text;
using NUnit.Framework;
using PhotoGallery.Rehearsal.Aws;

namespace PhotoGallery.Rehearsal.Tests.Aws;

/// <summary>
/// HTTP request → service, caller and IAM authorizations, case by case. Authorizations are written
/// "action resource", several joined by " | ".
/// </summary>
[TestFixture]
[Category(TestCategories.Rehearsal)]
public sealed class AwsRequestMapperTests
{
    private const string Region = "eu-west-1";
    private const string Account = "111122223333";
    private const string Table = "arn:aws:dynamodb:eu-west-1:111122223333:table/Photos";
    private const string Signed = "Authorization: AWS4-HMAC-SHA256 Credential=AKIDFUNCTION/20260101/eu-west-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc";

    [TestCase("GET", "/b/photos/a.jpg", "", "", "GetObject", "s3:GetObject arn:aws:s3:::b/photos/a.jpg")]
    [TestCase("GET", "/b/photos/a.jpg", "x-id=GetObject&response-content-type=image%2Fpng&partNumber=1", "", "GetObject", "s3:GetObject arn:aws:s3:::b/photos/a.jpg")]
    [TestCase("GET", "/b/photos/a.jpg", "versionId=v1", "", "GetObject", "s3:GetObjectVersion arn:aws:s3:::b/photos/a.jpg")]
    [TestCase("HEAD", "/b/uploads/u%20x%2By.png", "", "", "HeadObject", "s3:GetObject arn:aws:s3:::b/uploads/u x+y.png")]
    [TestCase("PUT", "/b/uploads/u.png", "", "", "PutObject", "s3:PutObject arn:aws:s3:::b/uploads/u.png")]
    [TestCase("PUT", "/b/photos/p.png", "", "x-amz-copy-source: b%2Fuploads%2Fu.png", "CopyObject", "s3:PutObject arn:aws:s3:::b/photos/p.png | s3:GetObject arn:aws:s3:::b/uploads/u.png")]
    [TestCase("PUT", "/b/photos/p.png", "", "x-amz-copy-source: /other/a%20b.png?versionId=v2", "CopyObject", "s3:PutObject arn:aws:s3:::b/photos/p.png | s3:GetObjectVersion arn:aws:s3:::other/a b.png")]
    [TestCase("POST", "/b/big.bin", "uploads", "", "CreateMultipartUpload", "s3:PutObject arn:aws:s3:::b/big.bin")]
    [TestCase("PUT", "/b/big.bin", "partNumber=2&uploadId=U1", "", "UploadPart", "s3:PutObject arn:aws:s3:::b/big.bin")]
    [TestCase("PUT", "/b/big.bin", "partNumber=2&uploadId=U1", "x-amz-copy-source: b/src.bin", "UploadPartCopy", "s3:PutObject arn:aws:s3:::b/big.bin | s3:GetObject arn:aws:s3:::b/src.bin")]
    [TestCase("POST", "/b/big.bin", "uploadId=U1", "", "CompleteMultipartUpload", "s3:PutObject arn:aws:s3:::b/big.bin")]
    [TestCase("DELETE", "/b/big.bin", "uploadId=U1", "", "AbortMultipartUpload", "s3:AbortMultipartUpload arn:aws:s3:::b/big.bin")]
    [TestCase("GET", "/b/big.bin", "uploadId=U1", "", "ListParts", "s3:ListMultipartUploadParts arn:aws:s3:::b/big.bin")]
    [TestCase("DELETE", "/b/photos/a.jpg", "", "", "DeleteObject", "s3:DeleteObject arn:aws:s3:::b/photos/a.jpg")]
    [TestCase("DELETE", "/b/photos/a.jpg", "versionId=v1", "", "DeleteObject", "s3:DeleteObjectVersion arn:aws:s3:::b/photos/a.jpg")]
    [TestCase("GET", "/b/photos/a.jpg", "tagging", "", "GetObjectTagging", "s3:GetObjectTagging arn:aws:s3:::b/photos/a.jpg")]
    [TestCase("PUT", "/b/photos/a.jpg", "tagging", "", "PutObjectTagging", "s3:PutObjectTagging arn:aws:s3:::b/photos/a.jpg")]
    [TestCase("GET", "/b/photos/a.jpg", "acl", "", "GetObjectAcl", "s3:GetObjectAcl arn:aws:s3:::b/photos/a.jpg")]
    [TestCase("GET", "/b", "list-type=2&prefix=photos%2F", "", "ListObjectsV2", "s3:ListBucket arn:aws:s3:::b")]
    [TestCase("GET", "/b/", "", "", "ListObjects", "s3:ListBucket arn:aws:s3:::b")]
    [TestCase("HEAD", "/b", "", "", "HeadBucket", "s3:ListBucket arn:aws:s3:::b")]
    [TestCase("PUT", "/b", "", "", "CreateBucket", "s3:CreateBucket arn:aws:s3:::b")]
    [TestCase("DELETE", "/b", "", "", "DeleteBucket", "s3:DeleteBucket arn:aws:s3:::b")]
    [TestCase("GET", "/b", "versions", "", "ListObjectVersions", "s3:ListBucketVersions arn:aws:s3:::b")]
    [TestCase("GET", "/b", "uploads", "", "ListMultipartUploads", "s3:ListBucketMultipartUploads arn:aws:s3:::b")]
    [TestCase("GET", "/b", "cors", "", "GetBucketCors", "s3:GetBucketCORS arn:aws:s3:::b")]
    [TestCase("PUT", "/b", "cors", "", "PutBucketCors", "s3:PutBucketCORS arn:aws:s3:::b")]
    [TestCase("DELETE", "/b", "cors", "", "DeleteBucketCors", "s3:PutBucketCORS arn:aws:s3:::b")]
    [TestCase("GET", "/b", "location", "", "GetBucketLocation", "s3:GetBucketLocation arn:aws:s3:::b")]
    [TestCase("GET", "/b", "acl", "", "GetBucketAcl", "s3:GetBucketAcl arn:aws:s3:::b")]
    [TestCase("PUT", "/b", "tagging", "", "PutBucketTagging", "s3:PutBucketTagging arn:aws:s3:::b")]
    [TestCase("GET", "/b", "policy", "", "GetBucketPolicy", "s3:GetBucketPolicy arn:aws:s3:::b")]
    [TestCase("GET", "/", "", "", "ListBuckets", "s3:ListAllMyBuckets *")]
    public void Map_S3Request_NeedsTheseAuthorizations(string method, string path, string query, string headers, string operation, string expected)
    {
        var call = Map(method, path, query, headers);

        Assert.That(call.Unknown, Is.Null);
        Assert.That((call.Service, call.Operation, call.IamApplies), Is.EqualTo((AwsRequestMapper.S3, operation, true)));
        Assert.That(Describe(call), Is.EqualTo(expected));
    }

    [TestCase("list-type=2&prefix=photos%2F2026&delimiter=%2F&max-keys=5", "s3:delimiter=/; s3:max-keys=5; s3:prefix=photos/2026")]
    [TestCase("list-type=2&prefix=", "s3:prefix=")]
    [TestCase("list-type=2", "")]
    [TestCase("prefix=a+b", "s3:prefix=a b")]
    public void Map_ListObjects_PutsTheListingParametersInTheContext(string query, string expected)
    {
        var call = Map("GET", "/b", query, "");

        Assert.That(string.Join("; ", call.Authorizations.Single().Context.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")),
            Is.EqualTo(expected));
    }

    [Test]
    public void Map_GetObject_HasNoListingContext()
    {
        var call = Map("GET", "/b/k", "prefix=x", "");

        Assert.That(call.Authorizations.Single().Context, Is.Empty);
    }

    [Test]
    public void Map_DeleteObjects_NeedsDeleteObjectPerKey()
    {
        const string body = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Quiet>true</Quiet>
              <Object><Key>photos/a.jpg</Key></Object><Object><Key>photos/b.jpg</Key><VersionId>v1</VersionId></Object>
              <Object><Key>photos/a.jpg</Key></Object>
            </Delete>
            """;

        var call = Map("POST", "/b", "delete", "", body);

        Assert.That(call.Operation, Is.EqualTo("DeleteObjects"));
        Assert.That(Describe(call), Is.EqualTo("s3:DeleteObject arn:aws:s3:::b/photos/a.jpg | s3:DeleteObjectVersion arn:aws:s3:::b/photos/b.jpg"));
    }

    [Test]
    public void Map_CorsPreflight_NeedsNoAuthorization()
    {
        var call = Map("OPTIONS", "/b/uploads/u.png", "", "Origin: http://localhost:5080|Access-Control-Request-Method: PUT");

        Assert.That((call.Service, call.Operation, call.IamApplies, call.Authorizations.Count, call.Unknown), Is.EqualTo((AwsRequestMapper.S3, "CorsPreflight", false, 0, (string?)null)));
    }

    [TestCase("POST", "/b/k", "", "", "no S3 operation")]
    [TestCase("GET", "/b", "analytics", "", "no S3 operation")]
    [TestCase("GET", "/b", "analytics&id=1", "", "several subresources")]
    [TestCase("GET", "/b/k", "acl&tagging", "", "several subresources")]
    [TestCase("PUT", "/b/k", "", "x-amz-copy-source: onlyabucket", "names no bucket and key")]
    [TestCase("POST", "/b", "delete", "", "not the XML DeleteObjects sends")]
    [TestCase("GET", "/b/k", "", "Authorization: Bearer xyz", "names no access key")]
    [TestCase("POST", "/", "", "X-Amz-Target: DynamoDBStreams_20120810.GetRecords", "not a DynamoDB or Cognito")]
    public void Map_UnknownCall_IsRefusedWithTheReason(string method, string path, string query, string headers, string reason)
    {
        var call = Map(method, path, query, headers);

        Assert.That(call.Unknown, Does.Contain(reason));
    }

    [TestCase(Signed, "AKIDFUNCTION", false)]
    [TestCase("Authorization: AWS4-HMAC-SHA256 Credential=ASIAXYZ/20260101/eu-west-1/dynamodb/aws4_request,SignedHeaders=host,Signature=abc", "ASIAXYZ", false)]
    [TestCase("Authorization: AWS AKIDV2:c2lnbmF0dXJl", "AKIDV2", false)]
    [TestCase("", null, false)]
    public void Map_SignedHeader_NamesTheCaller(string headers, string? accessKeyId, bool presigned)
    {
        var call = Map("GET", "/b/k", "", headers);

        Assert.That((call.AccessKeyId, call.Presigned), Is.EqualTo((accessKeyId, presigned)));
    }

    [TestCase("X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=ASIAPRESIGN%2F20260101%2Feu-west-1%2Fs3%2Faws4_request&X-Amz-Date=20260101T000000Z&X-Amz-Expires=900&X-Amz-Security-Token=tok&X-Amz-SignedHeaders=content-type%3Bhost&X-Amz-Signature=abc", "ASIAPRESIGN")]
    [TestCase("AWSAccessKeyId=AKIDV2&Expires=1767225600&Signature=abc", "AKIDV2")]
    public void Map_PresignedUrl_NamesTheSignerAndIsStillTheObjectCall(string query, string accessKeyId)
    {
        var call = Map("PUT", "/b/uploads/u.png", query, "Content-Type: image/png");

        Assert.That((call.AccessKeyId, call.Presigned, call.Unknown), Is.EqualTo((accessKeyId, true, (string?)null)));
        Assert.That(Describe(call), Is.EqualTo("s3:PutObject arn:aws:s3:::b/uploads/u.png"));
    }

    [TestCase("GetItem", """{"TableName":"Photos","Key":{}}""", $"dynamodb:GetItem {Table}")]
    [TestCase("PutItem", """{"TableName":"Photos","Item":{}}""", $"dynamodb:PutItem {Table}")]
    [TestCase("UpdateItem", """{"TableName":"Photos"}""", $"dynamodb:UpdateItem {Table}")]
    [TestCase("DeleteItem", """{"TableName":"Photos"}""", $"dynamodb:DeleteItem {Table}")]
    [TestCase("Query", """{"TableName":"Photos","KeyConditionExpression":"PK = :pk"}""", $"dynamodb:Query {Table}")]
    [TestCase("Query", """{"TableName":"Photos","IndexName":"GSI1"}""", $"dynamodb:Query {Table}/index/GSI1")]
    [TestCase("Scan", """{"TableName":"Photos","IndexName":"GSI1"}""", $"dynamodb:Scan {Table}/index/GSI1")]
    [TestCase("DescribeTable", """{"TableName":"Photos"}""", $"dynamodb:DescribeTable {Table}")]
    [TestCase("GetItem", """{"TableName":"arn:aws:dynamodb:us-east-1:999999999999:table/Other"}""", "dynamodb:GetItem arn:aws:dynamodb:us-east-1:999999999999:table/Other")]
    [TestCase("BatchGetItem", """{"RequestItems":{"Photos":{"Keys":[]},"Users":{"Keys":[]}}}""", $"dynamodb:BatchGetItem {Table} | dynamodb:BatchGetItem arn:aws:dynamodb:eu-west-1:111122223333:table/Users")]
    [TestCase("BatchWriteItem", """{"RequestItems":{"Photos":[{"PutRequest":{}}]}}""", $"dynamodb:BatchWriteItem {Table}")]
    [TestCase("TransactWriteItems", """{"TransactItems":[{"Put":{"TableName":"Photos"}},{"Put":{"TableName":"Photos"}},{"Delete":{"TableName":"Photos"}},{"ConditionCheck":{"TableName":"Users"}},{"Update":{"TableName":"Photos"}}]}""",
        $"dynamodb:PutItem {Table} | dynamodb:DeleteItem {Table} | dynamodb:ConditionCheckItem arn:aws:dynamodb:eu-west-1:111122223333:table/Users | dynamodb:UpdateItem {Table}")]
    [TestCase("TransactGetItems", """{"TransactItems":[{"Get":{"TableName":"Photos"}}]}""", $"dynamodb:GetItem {Table}")]
    [TestCase("ListTables", "{}", "dynamodb:ListTables *")]
    [TestCase("ListTagsOfResource", $$"""{"ResourceArn":"{{Table}}"}""", $"dynamodb:ListTagsOfResource {Table}")]
    public void Map_DynamoDbRequest_NeedsTheseAuthorizations(string operation, string body, string expected)
    {
        var call = Map("POST", "/", "", $"X-Amz-Target: DynamoDB_20120810.{operation}|{Signed}", body);

        Assert.That(call.Unknown, Is.Null);
        Assert.That((call.Service, call.Operation, call.AccessKeyId), Is.EqualTo((AwsRequestMapper.DynamoDb, operation, "AKIDFUNCTION")));
        Assert.That(Describe(call), Is.EqualTo(expected));
    }

    [TestCase("GetItem", "{}", "names no TableName")]
    [TestCase("GetItem", "not json", "not a JSON object")]
    [TestCase("BatchWriteItem", "{}", "no RequestItems")]
    [TestCase("TransactWriteItems", """{"TransactItems":[{"Frob":{"TableName":"Photos"}}]}""", "names no operation and TableName")]
    [TestCase("ExecuteStatement", """{"Statement":"SELECT * FROM Photos"}""", "does not map this DynamoDB operation")]
    public void Map_DynamoDbRequestItCannotRead_IsRefused(string operation, string body, string reason)
    {
        var call = Map("POST", "/", "", $"X-Amz-Target: DynamoDB_20120810.{operation}", body);

        Assert.That(call.Unknown, Does.Contain(reason));
    }

    [TestCase("SignUp")]
    [TestCase("ConfirmSignUp")]
    [TestCase("InitiateAuth")]
    [TestCase("ResendConfirmationCode")]
    [TestCase("ForgotPassword")]
    [TestCase("ConfirmForgotPassword")]
    [TestCase("RespondToAuthChallenge")]
    [TestCase("GetUser")]
    public void Map_CognitoPublicOperation_NeedsNoIam(string operation)
    {
        var call = Map("POST", "/", "", $"X-Amz-Target: AWSCognitoIdentityProviderService.{operation}", """{"ClientId":"c"}""");

        Assert.That((call.Service, call.Operation, call.IamApplies, call.Authorizations.Count, call.Unknown, call.AccessKeyId),
            Is.EqualTo((AwsRequestMapper.Cognito, operation, false, 0, (string?)null, (string?)null)));
        Assert.That(call.Label, Is.EqualTo("cognito-idp:" + operation));
    }

    [TestCase("AdminGetUser", """{"UserPoolId":"eu-west-1_abc","Username":"u"}""", "cognito-idp:AdminGetUser arn:aws:cognito-idp:eu-west-1:111122223333:userpool/eu-west-1_abc")]
    [TestCase("AdminConfirmSignUp", """{"UserPoolId":"eu-west-1_abc"}""", "cognito-idp:AdminConfirmSignUp arn:aws:cognito-idp:eu-west-1:111122223333:userpool/eu-west-1_abc")]
    [TestCase("DescribeUserPoolClient", """{"UserPoolId":"eu-west-1_abc","ClientId":"c"}""", "cognito-idp:DescribeUserPoolClient arn:aws:cognito-idp:eu-west-1:111122223333:userpool/eu-west-1_abc")]
    [TestCase("ListUserPools", """{"MaxResults":10}""", "cognito-idp:ListUserPools *")]
    public void Map_CognitoSignedOperation_NeedsIamOnThePool(string operation, string body, string expected)
    {
        var call = Map("POST", "/", "", $"X-Amz-Target: AWSCognitoIdentityProviderService.{operation}|{Signed}", body);

        Assert.That((call.IamApplies, call.Unknown), Is.EqualTo((true, (string?)null)));
        Assert.That(Describe(call), Is.EqualTo(expected));
    }

    private static MappedAwsCall Map(string method, string path, string query, string headers, string body = "")
    {
        var headerMap = headers.Split('|', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(':', 2))
            .ToDictionary(parts => parts[0].Trim(), parts => parts[1].Trim(), StringComparer.OrdinalIgnoreCase);
        return AwsRequestMapper.Map(new AwsHttpRequest(method, path, query, headerMap, Encoding.UTF8.GetBytes(body)), Region, Account);
    }

    private static string Describe(MappedAwsCall call) =>
        string.Join(" | ", call.Authorizations.Select(a => $"{a.Action} {a.Resource}"));
}

using System.Xml;
using System.Xml.Linq;

namespace PhotoGallery.Rehearsal.Aws;

/// <summary>
/// S3 REST requests, path-style (<c>/bucket/key</c>), to the IAM actions S3 authorizes them with
/// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html).
/// The route table is data: a request's level (service, bucket, object), method and subresource pick one row.
/// </summary>
internal static class S3RequestMapper
{
    private enum Level { Service, Bucket, Object }

    /// <param name="VersionAction">The action instead of <paramref name="Action"/> when the request names a versionId.</param>
    private sealed record Route(Level Level, string Method, string Subresource, string Operation, string Action, string? VersionAction = null);

    private static readonly Route[] Routes =
    [
        new(Level.Service, "GET", "", "ListBuckets", "s3:ListAllMyBuckets"),

        new(Level.Bucket, "GET", "", "ListObjects", "s3:ListBucket"),
        new(Level.Bucket, "HEAD", "", "HeadBucket", "s3:ListBucket"),
        new(Level.Bucket, "PUT", "", "CreateBucket", "s3:CreateBucket"),
        new(Level.Bucket, "DELETE", "", "DeleteBucket", "s3:DeleteBucket"),
        new(Level.Bucket, "GET", "versions", "ListObjectVersions", "s3:ListBucketVersions"),
        new(Level.Bucket, "GET", "uploads", "ListMultipartUploads", "s3:ListBucketMultipartUploads"),
        new(Level.Bucket, "POST", "delete", "DeleteObjects", "s3:DeleteObject"),
        new(Level.Bucket, "GET", "cors", "GetBucketCors", "s3:GetBucketCORS"),
        new(Level.Bucket, "PUT", "cors", "PutBucketCors", "s3:PutBucketCORS"),
        new(Level.Bucket, "DELETE", "cors", "DeleteBucketCors", "s3:PutBucketCORS"),
        new(Level.Bucket, "GET", "location", "GetBucketLocation", "s3:GetBucketLocation"),
        new(Level.Bucket, "GET", "acl", "GetBucketAcl", "s3:GetBucketAcl"),
        new(Level.Bucket, "PUT", "acl", "PutBucketAcl", "s3:PutBucketAcl"),
        new(Level.Bucket, "GET", "tagging", "GetBucketTagging", "s3:GetBucketTagging"),
        new(Level.Bucket, "PUT", "tagging", "PutBucketTagging", "s3:PutBucketTagging"),
        new(Level.Bucket, "DELETE", "tagging", "DeleteBucketTagging", "s3:PutBucketTagging"),
        new(Level.Bucket, "GET", "policy", "GetBucketPolicy", "s3:GetBucketPolicy"),
        new(Level.Bucket, "PUT", "policy", "PutBucketPolicy", "s3:PutBucketPolicy"),
        new(Level.Bucket, "DELETE", "policy", "DeleteBucketPolicy", "s3:DeleteBucketPolicy"),
        new(Level.Bucket, "GET", "versioning", "GetBucketVersioning", "s3:GetBucketVersioning"),
        new(Level.Bucket, "PUT", "versioning", "PutBucketVersioning", "s3:PutBucketVersioning"),
        new(Level.Bucket, "GET", "lifecycle", "GetBucketLifecycleConfiguration", "s3:GetLifecycleConfiguration"),
        new(Level.Bucket, "PUT", "lifecycle", "PutBucketLifecycleConfiguration", "s3:PutLifecycleConfiguration"),
        new(Level.Bucket, "DELETE", "lifecycle", "DeleteBucketLifecycle", "s3:PutLifecycleConfiguration"),
        new(Level.Bucket, "GET", "website", "GetBucketWebsite", "s3:GetBucketWebsite"),
        new(Level.Bucket, "PUT", "website", "PutBucketWebsite", "s3:PutBucketWebsite"),
        new(Level.Bucket, "DELETE", "website", "DeleteBucketWebsite", "s3:DeleteBucketWebsite"),
        new(Level.Bucket, "GET", "encryption", "GetBucketEncryption", "s3:GetEncryptionConfiguration"),
        new(Level.Bucket, "PUT", "encryption", "PutBucketEncryption", "s3:PutEncryptionConfiguration"),
        new(Level.Bucket, "DELETE", "encryption", "DeleteBucketEncryption", "s3:PutEncryptionConfiguration"),
        new(Level.Bucket, "GET", "ownershipControls", "GetBucketOwnershipControls", "s3:GetBucketOwnershipControls"),
        new(Level.Bucket, "PUT", "ownershipControls", "PutBucketOwnershipControls", "s3:PutBucketOwnershipControls"),
        new(Level.Bucket, "DELETE", "ownershipControls", "DeleteBucketOwnershipControls", "s3:PutBucketOwnershipControls"),
        new(Level.Bucket, "GET", "publicAccessBlock", "GetPublicAccessBlock", "s3:GetBucketPublicAccessBlock"),
        new(Level.Bucket, "PUT", "publicAccessBlock", "PutPublicAccessBlock", "s3:PutBucketPublicAccessBlock"),
        new(Level.Bucket, "DELETE", "publicAccessBlock", "DeletePublicAccessBlock", "s3:PutBucketPublicAccessBlock"),
        new(Level.Bucket, "GET", "notification", "GetBucketNotificationConfiguration", "s3:GetBucketNotification"),
        new(Level.Bucket, "PUT", "notification", "PutBucketNotificationConfiguration", "s3:PutBucketNotification"),
        new(Level.Bucket, "GET", "logging", "GetBucketLogging", "s3:GetBucketLogging"),
        new(Level.Bucket, "PUT", "logging", "PutBucketLogging", "s3:PutBucketLogging"),

        new(Level.Object, "GET", "", "GetObject", "s3:GetObject", "s3:GetObjectVersion"),
        new(Level.Object, "HEAD", "", "HeadObject", "s3:GetObject", "s3:GetObjectVersion"),
        new(Level.Object, "PUT", "", "PutObject", "s3:PutObject"),
        new(Level.Object, "DELETE", "", "DeleteObject", "s3:DeleteObject", "s3:DeleteObjectVersion"),
        new(Level.Object, "POST", "uploads", "CreateMultipartUpload", "s3:PutObject"),
        new(Level.Object, "PUT", "uploadId", "UploadPart", "s3:PutObject"),
        new(Level.Object, "POST", "uploadId", "CompleteMultipartUpload", "s3:PutObject"),
        new(Level.Object, "DELETE", "uploadId", "AbortMultipartUpload", "s3:AbortMultipartUpload"),
        new(Level.Object, "GET", "uploadId", "ListParts", "s3:ListMultipartUploadParts"),
        new(Level.Object, "GET", "acl", "GetObjectAcl", "s3:GetObjectAcl", "s3:GetObjectVersionAcl"),
        new(Level.Object, "PUT", "acl", "PutObjectAcl", "s3:PutObjectAcl", "s3:PutObjectVersionAcl"),
        new(Level.Object, "GET", "tagging", "GetObjectTagging", "s3:GetObjectTagging", "s3:GetObjectVersionTagging"),
        new(Level.Object, "PUT", "tagging", "PutObjectTagging", "s3:PutObjectTagging", "s3:PutObjectVersionTagging"),
        new(Level.Object, "DELETE", "tagging", "DeleteObjectTagging", "s3:DeleteObjectTagging", "s3:DeleteObjectVersionTagging"),
    ];

    // Parameters that qualify a request without changing its operation: listing options, the object's
    // version or part, response header overrides, the SDKs' x-id, and the signature of a presigned URL.
    private static readonly HashSet<string> Qualifiers =
    [
        "prefix", "delimiter", "max-keys", "marker", "list-type", "continuation-token", "start-after", "fetch-owner",
        "encoding-type", "key-marker", "version-id-marker", "upload-id-marker", "max-uploads", "max-parts",
        "part-number-marker", "partNumber", "versionId", "x-id", "response-content-type", "response-content-language",
        "response-expires", "response-cache-control", "response-content-disposition", "response-content-encoding",
        "AWSAccessKeyId", "Signature", "Expires",
    ];

    // The listing parameters S3 exposes to policies as condition keys (s3:prefix, s3:delimiter, s3:max-keys).
    private static readonly string[] ListingConditionKeys = ["prefix", "delimiter", "max-keys"];

    public static MappedAwsCall Map(
        string method, string path, QueryString query, IReadOnlyDictionary<string, string> headers, ReadOnlyMemory<byte> body)
    {
        var (bucket, key) = SplitPath(path);
        if (method == "OPTIONS")
            return new MappedAwsCall(AwsRequestMapper.S3, "CorsPreflight", null, false, IamApplies: false, [], bucket);

        var level = bucket is null ? Level.Service : key is null ? Level.Bucket : Level.Object;
        var subresources = query.Names
            .Where(name => !Qualifiers.Contains(name) && !name.StartsWith("X-Amz-", StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.Ordinal).ToList();
        var description = $"{method} {path}{(query.Names.Any() ? "?" + string.Join('&', query.Names) : "")}";
        if (subresources.Count > 1)
            return Unknown(description, $"it names several subresources ({string.Join(", ", subresources)})", bucket);
        var subresource = subresources.SingleOrDefault() ?? "";
        var route = Routes.FirstOrDefault(r => r.Level == level && r.Method == method && r.Subresource == subresource);
        if (route is null) return Unknown(description, "no S3 operation the rehearsal knows has this method, path and query", bucket);

        var versioned = query.Get("versionId", StringComparison.Ordinal) is not null && route.VersionAction is not null;
        var action = versioned ? route.VersionAction! : route.Action;
        var operation = route.Operation == "ListObjects" && query.Get("list-type", StringComparison.Ordinal) == "2" ? "ListObjectsV2" : route.Operation;
        var call = route switch
        {
            { Level: Level.Service } => Known(operation, bucket, new IamAuthorization(action, "*")),
            { Operation: "ListObjects" or "ListObjectVersions" } => Known(operation, bucket, new IamAuthorization(action, BucketArn(bucket!), ListingContext(query))),
            { Operation: "DeleteObjects" } => DeleteObjects(bucket!, body, description),
            { Level: Level.Bucket } => Known(operation, bucket, new IamAuthorization(action, BucketArn(bucket!))),
            { Operation: "PutObject" or "UploadPart" } when headers.TryGetValue("x-amz-copy-source", out var source) =>
                CopyObject(route.Operation == "PutObject" ? "CopyObject" : "UploadPartCopy", bucket!, key!, source, description),
            _ => Known(operation, bucket, new IamAuthorization(action, ObjectArn(bucket!, key!))),
        };
        return level == Level.Object ? call with { Key = key } : call;
    }

    /// <summary>
    /// A browser form upload (POST Object, https://docs.aws.amazon.com/AmazonS3/latest/API/RESTObjectPOST.html):
    /// a POST to the bucket whose key and credential are form fields, authorized as s3:PutObject on the key
    /// for whoever signed the policy, and always presigned (the holder of the form is not its signer).
    /// </summary>
    public static MappedAwsCall PostObject(string bucket, string key, string? accessKeyId) =>
        Known("PostObject", bucket, new IamAuthorization("s3:PutObject", ObjectArn(bucket, key))) with { Key = key, AccessKeyId = accessKeyId, Presigned = true };

    /// <summary>The bucket a form upload is POSTed to (<c>/bucket</c> or <c>/bucket/</c>, no query), or <c>null</c> when it is not one.</summary>
    public static string? FormUploadBucket(string method, string path, string query, string? contentType)
    {
        if (method != "POST" || query.Length > 0 || contentType is null
            || !contentType.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase)) return null;
        var (bucket, key) = SplitPath(path);
        return key is null ? bucket : null;
    }

    public static string BucketArn(string bucket) => $"arn:aws:s3:::{bucket}";

    public static string ObjectArn(string bucket, string key) => $"arn:aws:s3:::{bucket}/{key}";

    // "/" → no bucket; "/b" or "/b/" → bucket b; "/b/k/e/y" → object "k/e/y" (decoded: the ARN holds the key itself).
    private static (string? Bucket, string? Key) SplitPath(string path)
    {
        var trimmed = path.StartsWith('/') ? path[1..] : path;
        if (trimmed.Length == 0) return (null, null);
        var slash = trimmed.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0) return (Uri.UnescapeDataString(trimmed), null);
        var key = trimmed[(slash + 1)..];
        return (Uri.UnescapeDataString(trimmed[..slash]), key.Length == 0 ? null : Uri.UnescapeDataString(key));
    }

    private static Dictionary<string, string> ListingContext(QueryString query) =>
        ListingConditionKeys
            .Where(name => query.Get(name, StringComparison.Ordinal) is not null)
            .ToDictionary(name => "s3:" + name, name => query.Get(name, StringComparison.Ordinal)!);

    // x-amz-copy-source: "/bucket/key" or "bucket/key", URL-encoded, optionally "?versionId=...".
    private static MappedAwsCall CopyObject(string operation, string bucket, string key, string source, string description)
    {
        var question = source.IndexOf('?', StringComparison.Ordinal);
        var sourcePath = Uri.UnescapeDataString(question < 0 ? source : source[..question]).TrimStart('/');
        var sourceVersioned = question >= 0 && QueryString.Parse(source[(question + 1)..]).Get("versionId", StringComparison.Ordinal) is not null;
        var slash = sourcePath.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == sourcePath.Length - 1)
            return Unknown(description, $"its x-amz-copy-source '{source}' names no bucket and key", bucket);
        return Known(operation, bucket,
            new IamAuthorization("s3:PutObject", ObjectArn(bucket, key)),
            new IamAuthorization(sourceVersioned ? "s3:GetObjectVersion" : "s3:GetObject", ObjectArn(sourcePath[..slash], sourcePath[(slash + 1)..])));
    }

    // <Delete><Object><Key>k</Key><VersionId>v</VersionId></Object>...</Delete>: one authorization per object.
    private static MappedAwsCall DeleteObjects(string bucket, ReadOnlyMemory<byte> body, string description)
    {
        XDocument document;
        try
        {
            using var stream = new MemoryStream(body.ToArray(), writable: false);
            document = XDocument.Load(stream);
        }
        catch (XmlException e)
        {
            return Unknown(description, $"its body is not the XML DeleteObjects sends ({e.Message})", bucket);
        }
        var authorizations = document.Descendants().Where(element => element.Name.LocalName == "Object")
            .Select(element => (Key: Child(element, "Key"), Versioned: Child(element, "VersionId") is not null))
            .Where(entry => entry.Key is not null)
            .Select(entry => new IamAuthorization(entry.Versioned ? "s3:DeleteObjectVersion" : "s3:DeleteObject", ObjectArn(bucket, entry.Key!)))
            .Distinct(AuthorizationComparer.Instance)
            .ToArray();
        return Known("DeleteObjects", bucket, authorizations);
    }

    private static string? Child(XElement element, string name) =>
        element.Elements().FirstOrDefault(child => child.Name.LocalName == name)?.Value;

    private static MappedAwsCall Known(string operation, string? bucket, params IamAuthorization[] authorizations) =>
        new(AwsRequestMapper.S3, operation, null, false, IamApplies: true, authorizations, bucket);

    private static MappedAwsCall Unknown(string description, string reason, string? bucket) =>
        AwsRequestMapper.Refuse(AwsRequestMapper.S3, description, reason) with { Bucket = bucket };
}

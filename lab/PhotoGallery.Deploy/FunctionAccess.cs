namespace PhotoGallery.Deploy;

/// <summary>What one function may do to the bucket and the table: the least it needs, nothing more.</summary>
/// <param name="ObjectActions">S3 actions on the photo objects (<c>photos/*</c>).</param>
/// <param name="ListsPhotos">
/// s3:ListBucket on the <c>photos/</c> prefix: without it, S3 answers 403 instead of 404 when asked about
/// an object that is not there, and addphoto could not tell "not uploaded yet" from "forbidden".
/// </param>
/// <param name="TableActions">DynamoDB actions on the table and its gallery index.</param>
public sealed record FunctionAccess(IReadOnlyList<string> ObjectActions, bool ListsPhotos, IReadOnlyList<string> TableActions)
{
    public static FunctionAccess None { get; } = new([], false, []);

    /// <summary>
    /// Per function, by route name. Sign-up, confirmation and login call Cognito's public (unsigned)
    /// APIs, so they need no AWS permission at all. Presigned URLs carry the permissions of the role
    /// that signs them: addphoto's upload URLs need s3:PutObject, every photo URL needs s3:GetObject.
    /// </summary>
    public static IReadOnlyDictionary<string, FunctionAccess> ByFunction { get; } = new Dictionary<string, FunctionAccess>
    {
        ["signup"] = None,
        ["confirmemail"] = None,
        ["login"] = None,
        ["addphoto"] = new(["s3:PutObject", "s3:GetObject"], ListsPhotos: true,
            ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:BatchWriteItem"]),
        ["getphotos"] = new(["s3:GetObject"], ListsPhotos: false, ["dynamodb:Query"]),
        ["getphoto"] = new(["s3:GetObject"], ListsPhotos: false, ["dynamodb:GetItem"]),
        ["search"] = new(["s3:GetObject"], ListsPhotos: false, ["dynamodb:Query", "dynamodb:BatchGetItem"]),
    };

    public bool UsesPhotos => ObjectActions.Count > 0 || TableActions.Count > 0;
}

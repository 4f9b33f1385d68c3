namespace PhotoGallery.Deploy;

/// <summary>What one function may do to the bucket and the table: the least it needs, nothing more.</summary>
/// <param name="ObjectActions">S3 actions on the objects under <paramref name="Prefixes"/>.</param>
/// <param name="Prefixes">
/// Where in the bucket: <c>photos/</c> holds what the gallery shows; <c>uploads/</c> holds what browsers
/// uploaded and addphoto has not checked yet (see PhotoKeys).
/// </param>
/// <param name="ListsObjects">
/// s3:ListBucket on the bucket: without it, S3 answers 403 instead of 404 when asked about an object that
/// is not there, and addphoto could not tell "not uploaded yet" (409 UploadIncomplete) from "forbidden".
/// It is granted on the whole bucket, with no <c>s3:prefix</c> condition: S3 makes that 404-or-403 check as
/// a ListBucket request that carries no prefix, so a prefix condition never matches and the check fails.
/// What it allows, listing key names, reveals only photo ids, which every signed-in user sees anyway.
/// </param>
/// <param name="TableActions">DynamoDB actions on the table and its gallery index.</param>
public sealed record FunctionAccess(
    IReadOnlyList<string> ObjectActions, IReadOnlyList<string> Prefixes, bool ListsObjects, IReadOnlyList<string> TableActions)
{
    private static readonly string[] Shown = ["photos/"];
    private static readonly string[] ShownAndUploaded = ["photos/", "uploads/"];

    public static FunctionAccess None { get; } = new([], [], false, []);

    /// <summary>
    /// Per function, by route name. Sign-up, confirmation and login call Cognito's public (unsigned)
    /// APIs, so they need no AWS permission at all. Presigned URLs carry the permissions of the role
    /// that signs them: addphoto's upload URLs need s3:PutObject on <c>uploads/</c>, every photo URL
    /// needs s3:GetObject on <c>photos/</c>. Completing an upload reads <c>uploads/</c> and copies to
    /// <c>photos/</c> (a copy is a GetObject on the source and a PutObject on the target). No function
    /// deletes anything: the bucket's lifecycle rule empties <c>uploads/</c>.
    /// </summary>
    public static IReadOnlyDictionary<string, FunctionAccess> ByFunction { get; } = new Dictionary<string, FunctionAccess>
    {
        ["signup"] = None,
        ["confirmemail"] = None,
        ["login"] = None,
        ["addphoto"] = new(["s3:PutObject", "s3:GetObject"], ShownAndUploaded, ListsObjects: true,
            ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:BatchWriteItem"]),
        ["getphotos"] = new(["s3:GetObject"], Shown, ListsObjects: false, ["dynamodb:Query"]),
        ["getphoto"] = new(["s3:GetObject"], Shown, ListsObjects: false, ["dynamodb:GetItem"]),
        ["search"] = new(["s3:GetObject"], Shown, ListsObjects: false, ["dynamodb:Query", "dynamodb:BatchGetItem"]),
    };

    public bool UsesPhotos => ObjectActions.Count > 0 || TableActions.Count > 0;
}

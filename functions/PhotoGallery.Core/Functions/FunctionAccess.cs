using PhotoGallery.Core.Photos;

namespace PhotoGallery.Core.Functions;

/// <summary>
/// What one function may touch on AWS: the least it needs, nothing more. The CDK stack turns it into the
/// function's IAM policy and environment; the rehearsal checks every call against that policy.
/// </summary>
/// <param name="UsesUserPool">
/// It calls the user pool (USER_POOL_ID, USER_POOL_CLIENT_ID). Sign-up, confirmation and sign-in are
/// Cognito's public (unsigned) APIs, so this needs no IAM permission.
/// </param>
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
/// <param name="TableActions">DynamoDB actions on the table (and on its gallery index, for the functions that query it).</param>
public sealed record FunctionAccess(
    bool UsesUserPool, IReadOnlyList<string> ObjectActions, IReadOnlyList<string> Prefixes, bool ListsObjects, IReadOnlyList<string> TableActions)
{
    /// <summary>The objects the gallery shows.</summary>
    public static IReadOnlyList<string> Shown { get; } = [PhotoKeys.PhotosPrefix];

    /// <summary>The objects the gallery shows and the uploads waiting to be checked.</summary>
    public static IReadOnlyList<string> ShownAndUploaded { get; } = [PhotoKeys.PhotosPrefix, PhotoKeys.UploadsPrefix];

    /// <summary>
    /// Sign-up, confirmation and login: the user pool only. Photo functions list what they need; note that
    /// presigned URLs carry the permissions of the role that signs them (every photo URL needs s3:GetObject
    /// on <c>photos/</c>, an upload URL s3:PutObject on <c>uploads/</c>), a copy is a GetObject on the
    /// source and a PutObject on the target, and no function deletes: the bucket's lifecycle rule empties
    /// <c>uploads/</c>.
    /// </summary>
    public static FunctionAccess UserPoolOnly { get; } = new(true, [], [], false, []);

    /// <summary>Objects under <paramref name="prefixes"/> and the table (its gallery index included).</summary>
    public static FunctionAccess Photos(IReadOnlyList<string> objectActions, IReadOnlyList<string> prefixes, bool listsObjects, IReadOnlyList<string> tableActions) =>
        new(false, objectActions, prefixes, listsObjects, tableActions);

    public bool UsesPhotos => ObjectActions.Count > 0 || TableActions.Count > 0;
}

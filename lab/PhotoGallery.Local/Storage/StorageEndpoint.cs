using System.Security;
using System.Text;
using Microsoft.AspNetCore.Http;
using PhotoGallery.Core.Photos;

namespace PhotoGallery.Local.Storage;

/// <summary>
/// Serves local storage the way S3 serves presigned requests: form uploads (POST to <c>/_local/storage/</c>,
/// the bucket's address) only with a valid, unexpired, signed policy whose conditions the form meets, the
/// file's size checked against the policy's <c>content-length-range</c> as the bytes arrive (nothing past
/// the limit is written); GET of <c>/_local/storage/&lt;key&gt;</c> only with a valid, unexpired signature,
/// answered with the signed Cache-Control (<c>response-cache-control</c>, as S3 does); S3-style XML errors;
/// and CORS so the browser can upload straight from the page. Downloads come as the image type their key
/// names, with <c>X-Content-Type-Options: nosniff</c>, and an original as an attachment (<see cref="PhotoKeys"/>),
/// so no stored bytes are ever rendered as a page: what S3 answers through the presigned URL's <c>response-*</c>
/// overrides, plus the nosniff S3 cannot send.
/// </summary>
public sealed class StorageEndpoint(FileSystemPhotoStore store, LocalUrlSigner signer, long maxUploadBytes)
{
    public async Task HandleAsync(HttpContext context, string key)
    {
        var request = context.Request;
        var response = context.Response;
        response.Headers.AccessControlAllowOrigin = "*";
        response.Headers.AccessControlExposeHeaders = "ETag";
        response.Headers.XContentTypeOptions = "nosniff";
        if (HttpMethods.IsOptions(request.Method))
        {
            response.Headers.AccessControlAllowMethods = "GET,POST";
            response.Headers.AccessControlAllowHeaders = "Content-Type";
            response.Headers.AccessControlMaxAge = "600";
            response.StatusCode = 204;
            return;
        }
        if (key.Length == 0 && HttpMethods.IsPost(request.Method))
        {
            await PostAsync(context);
            return;
        }
        if (!FileSystemPhotoStore.IsValidKey(key))
        {
            await ErrorAsync(response, 404, "NoSuchKey", "The specified key does not exist.");
            return;
        }
        if (!HttpMethods.IsGet(request.Method))
        {
            await ErrorAsync(response, 405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
            return;
        }
        // Like S3's response-* overrides, only because the URL signs it.
        var cacheControl = (string?)request.Query[LocalUrlSigner.CacheControlParameter];
        var check = signer.Check("GET", key, null,
            request.Query[LocalUrlSigner.ExpiresParameter], request.Query[LocalUrlSigner.SignatureParameter], cacheControl);
        switch (check)
        {
            case UrlCheck.NotSigned:
                await ErrorAsync(response, 403, "AccessDenied", "Access Denied: this URL is not signed.");
                return;
            case UrlCheck.SignatureMismatch:
                await ErrorAsync(response, 403, "SignatureDoesNotMatch", "The request signature does not match: the URL was changed.");
                return;
            case UrlCheck.Expired:
                await ErrorAsync(response, 403, "AccessDenied", "Request has expired.");
                return;
        }
        await GetAsync(context, key, cacheControl);
    }

    /// <summary>S3's POST Object: the fields, then the policy's checks, then the file, counted as it arrives.</summary>
    private async Task PostAsync(HttpContext context)
    {
        var response = context.Response;
        if (!PostObjectForm.IsFormUpload(context.Request))
        {
            await ErrorAsync(response, 412, "PreconditionFailed", "Bucket POST must be of the enclosure-type multipart/form-data");
            return;
        }
        PostObjectForm form;
        try
        {
            form = await PostObjectForm.ReadAsync(context.Request, context.RequestAborted);
        }
        catch (InvalidDataException e)
        {
            await ErrorAsync(response, 400, "MalformedPOSTRequest", $"The body of your POST request is not well-formed multipart/form-data: {e.Message}");
            return;
        }
        var policyText = form.Field("policy");
        if (policyText is null || form.Field(LocalUrlSigner.PolicySignatureField) is not { } signature)
        {
            await ErrorAsync(response, 403, "AccessDenied", "Access Denied: this upload has no signed policy.");
            return;
        }
        if (PostPolicy.Parse(policyText, out var problem) is not { } policy)
        {
            await ErrorAsync(response, 400, "InvalidPolicyDocument", problem);
            return;
        }
        if (!signer.IsSigned(policyText, signature))
        {
            await ErrorAsync(response, 403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided: the policy was changed.");
            return;
        }
        if (policy.Check(form.Fields, "", signer.Now, LocalUrlSigner.PolicySignatureField) is { } refused)
        {
            await ErrorAsync(response, 403, "AccessDenied", refused);
            return;
        }
        if (form.Field("key") is not { } key || !FileSystemPhotoStore.IsValidKey(key))
        {
            await ErrorAsync(response, 400, "InvalidArgument", "Bucket POST must contain a field named 'key' naming a photo's upload.");
            return;
        }
        if (form.File is null)
        {
            await ErrorAsync(response, 400, "InvalidArgument", "POST requires exactly one file upload per request.");
            return;
        }
        try
        {
            var bounded = new SizeBoundStream(form.File, policy.MinimumSize ?? 0, Math.Min(policy.MaximumSize ?? maxUploadBytes, maxUploadBytes));
            await store.WriteUploadAsync(key, bounded, context.RequestAborted);
        }
        catch (UploadSizeException e)
        {
            // Nothing was stored. A little more of the body is read (and dropped) so that a client a few bytes
            // over reads the answer; past that the connection is cut, so a huge body is not read to its end.
            response.Headers.Connection = "close";
            await ErrorAsync(response, 400, e.Code, e.Message, e.Details);
            await response.CompleteAsync();
            if (!await PostObjectForm.EndsWithinAsync(context.Request.Body, context.RequestAborted)) context.Abort();
            return;
        }
        // S3's default success_action_status.
        response.StatusCode = 204;
    }

    private async Task GetAsync(HttpContext context, string key, string? cacheControl)
    {
        await using var file = store.OpenRead(key);
        if (file is null)
        {
            await ErrorAsync(context.Response, 404, "NoSuchKey", "The specified key does not exist.");
            return;
        }
        context.Response.ContentType = PhotoKeys.ContentTypeOf(key);
        context.Response.Headers.ContentDisposition = PhotoKeys.ContentDispositionOf(key);
        context.Response.ContentLength = file.Length;
        if (cacheControl is not null) context.Response.Headers.CacheControl = cacheControl;
        await file.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    private static async Task ErrorAsync(HttpResponse response, int status, string code, string message, string details = "")
    {
        response.StatusCode = status;
        response.ContentType = "application/xml";
        var xml = $"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{SecurityElement.Escape(message)}</Message>{details}</Error>";
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(xml));
    }
}

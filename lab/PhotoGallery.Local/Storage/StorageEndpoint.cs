using System.Text;
using Microsoft.AspNetCore.Http;
using PhotoGallery.Core.Photos;

namespace PhotoGallery.Local.Storage;

/// <summary>
/// Serves <c>/_local/storage/&lt;key&gt;</c> the way S3 serves presigned URLs: GET and PUT only with a
/// valid, unexpired signature, the signed content type on uploads, the signed Cache-Control on downloads
/// (<c>response-cache-control</c>, as S3 answers it), S3-style XML errors, and CORS so the browser can
/// upload straight from the page. Downloads come as the image type their key names, with
/// <c>X-Content-Type-Options: nosniff</c>, and an original as an attachment (<see cref="PhotoKeys"/>), so no
/// stored bytes are ever rendered as a page: what S3 answers through the presigned URL's <c>response-*</c>
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
            response.Headers.AccessControlAllowMethods = "GET,PUT";
            response.Headers.AccessControlAllowHeaders = "Content-Type";
            response.Headers.AccessControlMaxAge = "600";
            response.StatusCode = 204;
            return;
        }
        if (!FileSystemPhotoStore.IsValidKey(key))
        {
            await ErrorAsync(response, 404, "NoSuchKey", "The specified key does not exist.");
            return;
        }

        var isPut = HttpMethods.IsPut(request.Method);
        if (!isPut && !HttpMethods.IsGet(request.Method))
        {
            await ErrorAsync(response, 405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
            return;
        }
        var contentType = isPut ? request.ContentType : null;
        // Like S3's response-* overrides, only a GET's, and only because the URL signs it.
        var cacheControl = isPut ? null : (string?)request.Query[LocalUrlSigner.CacheControlParameter];
        var check = signer.Check(request.Method.ToUpperInvariant(), key, contentType,
            request.Query[LocalUrlSigner.ExpiresParameter], request.Query[LocalUrlSigner.SignatureParameter], cacheControl);
        switch (check)
        {
            case UrlCheck.NotSigned:
                await ErrorAsync(response, 403, "AccessDenied", "Access Denied: this URL is not signed.");
                return;
            case UrlCheck.SignatureMismatch:
                await ErrorAsync(response, 403, "SignatureDoesNotMatch",
                    "The request signature does not match: the URL was changed, or the Content-Type is not the one signed.");
                return;
            case UrlCheck.Expired:
                await ErrorAsync(response, 403, "AccessDenied", "Request has expired.");
                return;
        }

        if (isPut) await PutAsync(context, key);
        else await GetAsync(context, key, cacheControl);
    }

    private async Task PutAsync(HttpContext context, string key)
    {
        var length = context.Request.ContentLength;
        if (length is null)
        {
            await ErrorAsync(context.Response, 411, "MissingContentLength", "You must provide the Content-Length HTTP header.");
            return;
        }
        if (length > maxUploadBytes)
        {
            await ErrorAsync(context.Response, 400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size.");
            return;
        }
        await store.WriteAsync(key, context.Request.Body, context.RequestAborted);
        context.Response.StatusCode = 200;
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

    private static async Task ErrorAsync(HttpResponse response, int status, string code, string message)
    {
        response.StatusCode = status;
        response.ContentType = "application/xml";
        var xml = $"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{message}</Message></Error>";
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(xml));
    }
}

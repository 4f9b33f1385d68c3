using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using PhotoGallery.Local.Storage;

namespace PhotoGallery.Rehearsal.Aws;

// S3's POST Object (a presigned POST, the browser form upload): checked as S3 checks it, then stored by the emulator.
public sealed partial class AwsStandIn
{
    /// <summary>S3's largest single upload, the bound of a policy without a content-length-range.</summary>
    private const long MaxObjectBytes = 5L * 1024 * 1024 * 1024;

    /// <summary>
    /// A form upload, judged as S3 judges it before it stores anything: the policy signed with the secret of
    /// the access key in <c>x-amz-credential</c> (SigV4) and the session token it came with, not expired, every
    /// condition met by the form and every field named by one; s3:PutObject on the key allowed to that
    /// principal by IAM; and the file's size within the policy's <c>content-length-range</c>, counted as it
    /// arrives (s3rver ignores policies: the stand-in refuses a file too large before the emulator sees a
    /// byte past the limit). Then the emulator stores it, and S3's <c>ObjectCreated:Post</c> follows.
    /// </summary>
    private async Task HandleFormUploadAsync(HttpContext context, string bucket, string rawTarget)
    {
        PostObjectForm form;
        var requestId = RequestId();
        try
        {
            form = await PostObjectForm.ReadAsync(context.Request, context.RequestAborted);
        }
        catch (InvalidDataException e)
        {
            var malformed = new Exchange(context, S3RequestMapper.PostObject(bucket, "", null), rawTarget, null, requestId);
            await RefuseFormAsync(malformed, null, 400, "MalformedPOSTRequest", $"The body of your POST request is not well-formed multipart/form-data. {e.Message}");
            return;
        }
        var credential = form.Field("x-amz-credential")?.Split('/');
        var call = S3RequestMapper.PostObject(bucket, form.Field("key") ?? "", credential?[0] is { Length: > 0 } key ? key : null);
        var exchange = new Exchange(context, call, rawTarget, null, requestId);
        if (call.AccessKeyId is null)
        {
            await AnswerUnsignedAsync(exchange);
            return;
        }
        if (!_settings.Principals.TryGetValue(call.AccessKeyId, out var principal))
        {
            Refuse(exchange, null, call.Label, FirstResource(call), $"the access key {call.AccessKeyId} belongs to no function of the stack");
            await WriteErrorAsync(exchange, AwsErrors.InvalidAccessKey(call.Service, call.AccessKeyId, requestId));
            return;
        }
        if (FormProblem(form, credential!, principal, bucket) is { } problem)
        {
            await RefuseFormAsync(exchange, principal, problem.Status, problem.Code, problem.Message);
            return;
        }
        var judged = await EvaluateAsync(principal, call.Authorizations[0], context.RequestAborted);
        if (!judged.Decision.IsAllowed)
        {
            await DenyAsync(exchange, principal, judged, [judged]);
            return;
        }

        var policy = PostPolicy.Parse(form.Field("policy"), out _)!;
        using var file = new MemoryStream();
        try
        {
            await new SizeBoundStream(form.File!, policy.MinimumSize ?? 0, policy.MaximumSize ?? MaxObjectBytes).CopyToAsync(file, context.RequestAborted);
        }
        catch (UploadSizeException e)
        {
            // Nothing reaches the emulator. S3 stops reading: a little more is read so a client a few bytes
            // over gets the answer, then the connection is cut rather than a huge body read to its end.
            // IAM allowed the call; S3 itself refused the file (recorded as allowed, with S3's 400: no role is at fault).
            context.Response.Headers.Connection = "close";
            RecordDecision(exchange, principal, judged, 400, null);
            _settings.Log($"[aws] S3 refused {principal.FunctionName}'s form upload to {call.Bucket}/{call.Key} ({e.Code}, presigned POST): {e.Received} bytes or more against the policy's {e.Limit}");
            var limit = e.TooLarge ? "MaxSizeAllowed" : "MinSizeAllowed";
            await WriteErrorAsync(exchange, AwsErrors.S3Error(400, e.Code, e.Message, requestId,
                ("ProposedSize", e.Received.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                (limit, e.Limit.ToString(System.Globalization.CultureInfo.InvariantCulture))));
            await context.Response.CompleteAsync();
            if (!await PostObjectForm.EndsWithinAsync(context.Request.Body, context.RequestAborted)) context.Abort();
            return;
        }
        var status = await ForwardFormAsync(exchange, principal, judged, form, file.ToArray());
        AfterS3Write(call, principal, status);
    }

    /// <summary>What S3 refuses in the form itself, before its file: the signature, the token, the policy's conditions.</summary>
    private static (int Status, string Code, string Message)? FormProblem(PostObjectForm form, string[] credential, AwsPrincipal principal, string bucket)
    {
        if (form.Field("key") is null)
            return (400, "InvalidArgument", "Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.");
        if (form.Field("x-amz-algorithm") != "AWS4-HMAC-SHA256" || credential.Length != 5 || credential[3] != "s3" || credential[4] != "aws4_request")
            return (400, "InvalidArgument", "The form must be signed with AWS4-HMAC-SHA256 and an x-amz-credential of <key>/<date>/<region>/s3/aws4_request.");
        if (form.Field("policy") is not { } policyText || form.Field("x-amz-signature") is not { } signature)
            return (403, "AccessDenied", "Bucket POST must contain a field named 'policy' and its 'x-amz-signature'.");
        if (PostPolicy.Parse(policyText, out var invalid) is not { } policy)
            return (400, "InvalidPolicyDocument", invalid);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(PolicySignature(principal.SecretAccessKey, credential, policyText)), Encoding.ASCII.GetBytes(signature)))
            return (403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your key and signing method.");
        if (principal.SessionToken.Length > 0 && form.Field("x-amz-security-token") != principal.SessionToken)
            return (400, "InvalidToken", "The provided token is malformed or otherwise invalid.");
        if (policy.Check(form.Fields, bucket, DateTimeOffset.UtcNow) is { } refused)
            return (403, "AccessDenied", refused);
        return form.File is null ? (400, "InvalidArgument", "POST requires exactly one file upload per request.") : null;
    }

    // SigV4 for a POST policy: the policy's base64 text signed with the key derived for the credential's scope.
    private static string PolicySignature(string secret, string[] credential, string policy)
    {
        var key = Encoding.UTF8.GetBytes("AWS4" + secret);
        foreach (var part in credential[1..]) key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(policy)));
    }

    /// <summary>The form as s3rver takes it (key, type, file; its credential is s3rver's business no more), and its answer passed back.</summary>
    private async Task<int> ForwardFormAsync(Exchange exchange, AwsPrincipal principal, Judged judged, PostObjectForm form, byte[] file)
    {
        var context = exchange.Context;
        using var content = new MultipartFormDataContent();
        content.Add(new StringContent(form.Field("key")!), "key");
        if (form.Field("Content-Type") is { } type) content.Add(new StringContent(type), "Content-Type");
        if (form.Field("success_action_status") is { } success) content.Add(new StringContent(success), "success_action_status");
        var bytes = new ByteArrayContent(file);
        bytes.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(bytes, "file", "file");
        var target = new Uri(_settings.Emulators.S3Url, "/" + Uri.EscapeDataString(exchange.Call.Bucket!));
        HttpResponseMessage response;
        try
        {
            response = await _forward.PostAsync(target, content, context.RequestAborted);
        }
        catch (HttpRequestException e)
        {
            RecordDecision(exchange, principal, judged, 502, null);
            _settings.Log($"[aws] could not forward a form upload to the S3 emulator at {target}: {e.Message}");
            context.Response.StatusCode = 502;
            return 502;
        }
        using (response)
        {
            var status = (int)response.StatusCode;
            RecordDecision(exchange, principal, judged, status, null);
            context.Response.StatusCode = status;
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
                if (!HopByHop.Contains(name)) context.Response.Headers[name] = values.ToArray();
            // S3's default answer to a form upload is 204, which has no body.
            if (status != 204) await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
            return status;
        }
    }

    private async Task RefuseFormAsync(Exchange exchange, AwsPrincipal? principal, int status, string code, string message, params (string, string)[] extra)
    {
        var call = exchange.Call;
        Record(exchange, principal, call.Label, FirstResource(call), "Refused", status);
        _settings.Log($"[aws] REFUSED {principal?.FunctionName ?? "(unsigned)"}'s form upload to {call.Bucket}/{call.Key} ({code}, presigned POST): {message}");
        await WriteErrorAsync(exchange, AwsErrors.S3Error(status, code, message, exchange.RequestId, extra));
    }
}

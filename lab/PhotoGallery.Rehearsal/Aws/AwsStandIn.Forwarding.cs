using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using PhotoGallery.Emulators;

namespace PhotoGallery.Rehearsal.Aws;

// Forwarding an allowed call to its emulator, and writing refusals.
public sealed partial class AwsStandIn
{
    /// <summary>
    /// Sends the request on unchanged (method, path and query as sent, headers but the hop-by-hop ones, body
    /// streamed) and streams the answer back. <paramref name="inspect"/> may veto the emulator's answer: a
    /// denied judgement it returns is answered as AWS's AccessDenied instead. <paramref name="record"/> gets
    /// the final status before the answer is sent, so a caller that has its answer finds its call recorded.
    /// </summary>
    private async Task ForwardAsync(Exchange exchange, Func<HttpResponseMessage, Task<Judged?>>? inspect, Action<int, Judged?> record)
    {
        var context = exchange.Context;
        using var request = BuildForwardRequest(exchange);
        HttpResponseMessage response;
        try
        {
            response = await _forward.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        }
        catch (HttpRequestException e)
        {
            // The emulator is gone or refused the connection: the call fails as a network error would, and says why.
            record(502, null);
            _settings.Log($"[aws] could not forward {exchange.Call.Label} to the {exchange.Call.Service} emulator at {request.RequestUri}: {e.Message}");
            context.Response.StatusCode = 502;
            return;
        }
        using (response)
        {
            var inspected = inspect is null ? null : await inspect(response);
            if (inspected is { Decision.IsAllowed: false } veto)
            {
                var error = AwsErrors.AccessDenied(exchange.Call.Service, DenialMessage(exchange, veto), exchange.RequestId);
                record(error.Status, inspected);
                await WriteErrorAsync(exchange, error);
                return;
            }
            record((int)response.StatusCode, inspected);
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
                if (!HopByHop.Contains(name)) context.Response.Headers[name] = values.ToArray();
            if (context.Request.Method != "HEAD")
                await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        }
    }

    private HttpRequestMessage BuildForwardRequest(Exchange exchange)
    {
        var context = exchange.Context;
        var s3 = exchange.Call.Service == AwsRequestMapper.S3;
        var target = s3 ? WithEmulatorAccessKey(exchange.RawTarget) : exchange.RawTarget;
        var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(EmulatorUrl(exchange.Call.Service), target));
        if (exchange.Body is { } body) request.Content = new ByteArrayContent(body);
        else if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0) request.Content = new StreamContent(context.Request.Body);
        else if (context.Request.ContentLength == 0) request.Content = new ByteArrayContent([]);
        foreach (var (name, values) in context.Request.Headers)
        {
            if (HopByHop.Contains(name)) continue;
            var value = values.ToString();
            if (s3 && name.Equals("Authorization", StringComparison.OrdinalIgnoreCase)) value = WithEmulatorAccessKeyInHeader(value);
            if (!request.Headers.TryAddWithoutValidation(name, value)) request.Content?.Headers.TryAddWithoutValidation(name, value);
        }
        return request;
    }

    private Uri EmulatorUrl(string service) => service switch
    {
        AwsRequestMapper.DynamoDb => _settings.Emulators.DynamoDbUrl,
        AwsRequestMapper.Cognito => _settings.Emulators.CognitoUrl,
        _ => _settings.Emulators.S3Url,
    };

    // s3rver knows one access key and does not check V4 signatures: the caller's key id (already checked
    // and attributed here) becomes s3rver's; nothing else in the request changes.
    private static string WithEmulatorAccessKey(string rawTarget) =>
        QueryCredential().Replace(rawTarget, match => match.Groups["name"].Value + EmulatorSet.AccessKey);

    private static string WithEmulatorAccessKeyInHeader(string authorization) =>
        HeaderCredential().Replace(authorization, match => match.Groups["prefix"].Value + EmulatorSet.AccessKey + match.Groups["suffix"].Value);

    private static async Task WriteErrorAsync(Exchange exchange, AwsError error)
    {
        var response = exchange.Context.Response;
        response.StatusCode = error.Status;
        foreach (var (name, value) in error.Headers) response.Headers[name] = value;
        // HEAD answers carry no body: S3's 403 to HeadObject is the status alone.
        if (exchange.Context.Request.Method == "HEAD") return;
        var bytes = Encoding.UTF8.GetBytes(error.Body);
        response.ContentType = error.ContentType;
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, exchange.Context.RequestAborted);
    }

    [GeneratedRegex(@"(?<name>[?&](?:X-Amz-Credential|AWSAccessKeyId)=)[^&%/]+", RegexOptions.IgnoreCase)]
    private static partial Regex QueryCredential();

    [GeneratedRegex(@"(?<prefix>Credential=)[^/,\s]+(?<suffix>/)|(?<prefix>^AWS\s+)[^:\s]+(?<suffix>:)")]
    private static partial Regex HeaderCredential();
}

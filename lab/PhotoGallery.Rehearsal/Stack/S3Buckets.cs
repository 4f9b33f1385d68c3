using System.Text.Json.Nodes;
using Amazon.S3.Model;
using PhotoGallery.Aws.Storage;
using PhotoGallery.Emulators;

namespace PhotoGallery.Rehearsal.Stack;

/// <summary>An <c>AWS::S3::Bucket</c> created on s3rver, with the CORS rules the template gives it.</summary>
public static class S3Buckets
{
    public static async Task CreateAsync(EmulatorSet emulators, string bucket, CORSConfiguration? cors, CancellationToken cancellationToken)
    {
        using var s3 = S3PhotoStore.CreateClient(emulators.S3Settings(bucket));
        await s3.PutBucketAsync(bucket, cancellationToken);
        if (cors is not null)
            await s3.PutCORSConfigurationAsync(new PutCORSConfigurationRequest { BucketName = bucket, Configuration = cors }, cancellationToken);
    }

    /// <summary>The template's (resolved) <c>CorsConfiguration</c> as S3's PutBucketCors takes it.</summary>
    public static CORSConfiguration? Cors(JsonNode? corsConfiguration, string where)
    {
        if (corsConfiguration is null) return null;
        var rules = corsConfiguration["CorsRules"] as JsonArray
            ?? throw new TemplateException($"{where}.CorsRules is missing: a CORS configuration needs its rules.");
        return new CORSConfiguration { Rules = [.. rules.Select((rule, i) => Rule(rule as JsonObject, $"{where}.CorsRules[{i}]"))] };
    }

    private static CORSRule Rule(JsonObject? rule, string where)
    {
        if (rule is null) throw new TemplateException($"{where} is not an object.");
        return new CORSRule
        {
            Id = rule["Id"]?.GetValue<string>(),
            AllowedMethods = Strings(rule, "AllowedMethods", where, required: true),
            AllowedOrigins = Strings(rule, "AllowedOrigins", where, required: true),
            AllowedHeaders = Strings(rule, "AllowedHeaders", where, required: false),
            // CloudFormation says ExposedHeaders where the S3 API says ExposeHeaders.
            ExposeHeaders = Strings(rule, "ExposedHeaders", where, required: false),
            MaxAgeSeconds = rule["MaxAge"] is { } age ? int.Parse(age.ToString(), System.Globalization.CultureInfo.InvariantCulture) : null,
        };
    }

    private static List<string> Strings(JsonObject rule, string name, string where, bool required) => rule[name] switch
    {
        JsonArray items => [.. items.Select(item => item!.GetValue<string>())],
        null when !required => [],
        _ => throw new TemplateException($"{where}.{name} is missing or not a list: a CORS rule needs it."),
    };
}

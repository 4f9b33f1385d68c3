using System.Text.Json;
using Amazon.Runtime;

namespace PhotoGallery.Benchmarks;

/// <summary>
/// Watches the HTTP traffic of a DynamoDB client (not a mock: the requests go to the emulator) and counts the
/// Query calls, the term items they returned, and the photo items BatchGetItem returned.
/// </summary>
public sealed class ReadCounter : HttpClientFactory
{
    private long _queries;
    private long _termItems;
    private long _photoItems;

    public long Queries => Interlocked.Read(ref _queries);
    public long TermItems => Interlocked.Read(ref _termItems);
    public long PhotoItems => Interlocked.Read(ref _photoItems);

    /// <summary>
    /// Read capacity by DynamoDB's rules for eventually consistent reads: half a unit per 4 KB a Query returns
    /// (a page of key-only term items is under 4 KB) and half a unit per photo item (each under 4 KB).
    /// </summary>
    public double EstimatedReadUnits => 0.5 * Queries + 0.5 * PhotoItems;

    public void Reset()
    {
        Interlocked.Exchange(ref _queries, 0);
        Interlocked.Exchange(ref _termItems, 0);
        Interlocked.Exchange(ref _photoItems, 0);
    }

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new Counter(this, new HttpClientHandler()));

    private sealed class Counter(ReadCounter owner, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            var target = request.Headers.TryGetValues("X-Amz-Target", out var targets) ? targets.First() : "";
            if (target is not ("DynamoDB_20120810.Query" or "DynamoDB_20120810.BatchGetItem")) return response;
            using var json = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken));
            if (target.EndsWith("Query", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref owner._queries);
                Interlocked.Add(ref owner._termItems, json.RootElement.GetProperty("Count").GetInt32());
            }
            else if (json.RootElement.TryGetProperty("Responses", out var responses))
            {
                Interlocked.Add(ref owner._photoItems, responses.EnumerateObject().Sum(table => table.Value.GetArrayLength()));
            }
            return response;
        }
    }
}

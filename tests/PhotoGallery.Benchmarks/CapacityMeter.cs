using System.Text.Json;
using Amazon.Runtime;

namespace PhotoGallery.Benchmarks;

/// <summary>
/// Watches the HTTP traffic of a DynamoDB client (not a mock: every request goes to the emulator) and adds up
/// what the responses report: the capacity units consumed (the adapter asks for them with
/// <c>ReturnConsumedCapacity</c>), the calls, and the items Query and BatchGetItem returned.
/// </summary>
public sealed class CapacityMeter : HttpClientFactory
{
    private readonly Lock _lock = new();
    private Totals _totals = new();

    public sealed record Totals
    {
        public double ReadUnits { get; init; }
        public double WriteUnits { get; init; }
        public int Calls { get; init; }
        public int ItemsRead { get; init; }
    }

    /// <summary>What was consumed since the last call, and starts again from zero.</summary>
    public Totals Take()
    {
        lock (_lock)
        {
            var taken = _totals;
            _totals = new Totals();
            return taken;
        }
    }

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new Meter(this, new HttpClientHandler()));

    private void Add(string operation, JsonElement response)
    {
        var units = 0.0;
        if (response.TryGetProperty("ConsumedCapacity", out var consumed))
        {
            foreach (var entry in consumed.ValueKind == JsonValueKind.Array ? consumed.EnumerateArray().ToArray() : [consumed])
                units += entry.TryGetProperty("CapacityUnits", out var value) ? value.GetDouble() : 0;
        }
        var items = 0;
        // A Scan reads ScannedCount items and returns Count of them; a Query reads what it returns.
        if (response.TryGetProperty("ScannedCount", out var scanned)) items += scanned.GetInt32();
        else if (response.TryGetProperty("Count", out var count)) items += count.GetInt32();
        if (response.TryGetProperty("Responses", out var responses)) items += responses.EnumerateObject().Sum(table => table.Value.GetArrayLength());
        if (operation is "GetItem" && response.TryGetProperty("Item", out _)) items++;
        var write = operation is "PutItem" or "UpdateItem" or "DeleteItem" or "BatchWriteItem";
        lock (_lock)
        {
            _totals = _totals with
            {
                ReadUnits = _totals.ReadUnits + (write ? 0 : units),
                WriteUnits = _totals.WriteUnits + (write ? units : 0),
                Calls = _totals.Calls + 1,
                ItemsRead = _totals.ItemsRead + items,
            };
        }
    }

    private sealed class Meter(CapacityMeter owner, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            var target = request.Headers.TryGetValues("X-Amz-Target", out var targets) ? targets.First() : "";
            if (!response.IsSuccessStatusCode || !target.StartsWith("DynamoDB_20120810.", StringComparison.Ordinal)) return response;
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            using var json = JsonDocument.Parse(body);
            owner.Add(target["DynamoDB_20120810.".Length..], json.RootElement);
            return response;
        }
    }
}

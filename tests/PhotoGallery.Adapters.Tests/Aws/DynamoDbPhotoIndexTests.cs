using System.Collections.Concurrent;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using NUnit.Framework;
using PhotoGallery.Adapters.Tests.Contracts;
using PhotoGallery.Adapters.Tests.Support;
using PhotoGallery.Aws.Catalog;
using PhotoGallery.Core.Ports;
using PhotoGallery.Core.Search;

namespace PhotoGallery.Adapters.Tests.Aws;

/// <summary>
/// The catalog contract on DynamoDB, played by dynalite, a new table per test; then what only the table
/// design promises: Query-only search, no duplicate or stale term items, TTL on pending photos, and
/// results unaffected by leftovers of an interrupted save or by the per-request read budget.
/// </summary>
[TestFixture]
[Category(TestCategories.Emulators)]
public sealed class DynamoDbPhotoIndexTests : PhotoIndexContract
{
    private readonly OperationLog _operations = new();
    private AmazonDynamoDBClient _dynamo = null!;
    private DynamoDbSettings _settings = null!;

    protected override async Task<IPhotoIndex> CreateIndexAsync(TimeProvider clock)
    {
        var table = "photos-" + Guid.NewGuid().ToString("N")[..12];
        await Emulators.Running.CreateTableAsync(table, default);
        _settings = Emulators.Running.DynamoDbSettings(table);
        _dynamo = new AmazonDynamoDBClient(EmulatorCredentials, new AmazonDynamoDBConfig
        {
            ServiceURL = _settings.ServiceUrl!.ToString(),
            AuthenticationRegion = _settings.Region,
            HttpClientFactory = _operations,
        });
        return new DynamoDbPhotoIndex(_dynamo, _settings, clock);
    }

    [TearDown]
    public async Task DeleteTable()
    {
        await _dynamo.DeleteTableAsync(_settings.Table);
        _dynamo.Dispose();
        _operations.Clear();
    }

    [Test]
    public async Task SearchAsync_AnyQuery_ReadsByQueryAndBatchGetOnly()
    {
        for (var i = 0; i < 12; i++) await Index.SaveAsync(Photos.Complete($"Sunset {i} beach", createdAt: Photos.Epoch.AddMinutes(i)), default);
        _operations.Clear();

        await AllPagesAsync(page => Index.SearchAsync(SearchQuery.Parse("sun bea"), page, default), limit: 5);
        await AllPagesAsync(page => Index.SearchAsync(SearchQuery.Parse("s"), page, default), limit: 5);

        Assert.That(_operations.Targets.Distinct(), Is.EquivalentTo(new[] { "DynamoDB_20120810.Query", "DynamoDB_20120810.BatchGetItem" }));
    }

    [Test]
    public async Task SaveAsync_SamePhotoTwice_WritesEachTermItemOnce()
    {
        var photo = Photos.Complete("Sunset sunset", "sun");
        await Index.SaveAsync(photo, default);
        await Index.SaveAsync(photo, default);

        var keys = await TermItemsAsync();

        Assert.That(keys, Is.EquivalentTo(SearchTerms.Prefixes(photo.SearchWords()).Select(p => ("TERM#" + p, SearchTerms.SortKeyOf(photo)))));
    }

    [Test]
    public async Task SaveAsync_WordsChanged_RemovesTheTermItemsOfOldWords()
    {
        var photo = Photos.Complete("Mountain");
        await Index.SaveAsync(photo, default);
        await Index.SaveAsync(photo with { Title = "Moon" }, default);

        var terms = (await TermItemsAsync()).Select(key => key.Term);

        Assert.That(terms, Is.EquivalentTo(new[] { "TERM#m", "TERM#mo", "TERM#moo", "TERM#moon", "TERM#a", "TERM#al", "TERM#ali", "TERM#alic", "TERM#alice" }));
    }

    [Test]
    public async Task SaveAsync_PendingPhoto_CarriesATimeToLiveAndNoTermOrListingKeys()
    {
        var pending = Photos.Pending("Waiting", Photos.Epoch.AddHours(24));
        await Index.SaveAsync(pending, default);

        var item = (await _dynamo.GetItemAsync(_settings.Table, new() { ["PK"] = new("PHOTO#" + pending.PhotoId), ["SK"] = new("PHOTO") })).Item;

        Assert.That(item[PhotoTable.TimeToLive].N, Is.EqualTo(Photos.Epoch.AddHours(24).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(item.ContainsKey(PhotoTable.GalleryPartitionKey), Is.False);
        Assert.That(await TermItemsAsync(), Is.Empty);
    }

    [Test]
    public async Task SaveAsync_Completed_DropsTheTimeToLive()
    {
        var pending = Photos.Pending("Waiting", Photos.Epoch.AddHours(24));
        await Index.SaveAsync(pending, default);
        await Index.SaveAsync(pending with { Status = Core.Photos.PhotoStatus.Complete, ExpiresAt = null }, default);

        var item = (await _dynamo.GetItemAsync(_settings.Table, new() { ["PK"] = new("PHOTO#" + pending.PhotoId), ["SK"] = new("PHOTO") })).Item;

        Assert.That(item.ContainsKey(PhotoTable.TimeToLive), Is.False);
    }

    [Test]
    public async Task SearchAsync_TermItemLeftByAnInterruptedSave_IsNotAResult()
    {
        var photo = Photos.Complete("Forest");
        await Index.SaveAsync(photo, default);
        // A save of new words that stopped after writing its term items, before the photo item.
        await _dynamo.PutItemAsync(_settings.Table, new() { ["PK"] = new("TERM#ocean"), ["SK"] = new(SearchTerms.SortKeyOf(photo)) });

        Assert.That((await SearchAsync("ocean")).Photos, Is.Empty);
    }

    [Test]
    public async Task SearchAsync_ReadBudgetSmallerThanTheCandidates_ResumesFromItsCursor()
    {
        var index = new DynamoDbPhotoIndex(_dynamo, _settings with { SearchReadBudget = 3 }, Clock);
        var expected = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var photo = Photos.Complete(i % 4 == 0 ? $"Sunset beach {i}" : $"Sunset forest {i}", createdAt: Photos.Epoch.AddMinutes(i));
            if (i % 4 == 0) expected.Insert(0, photo.PhotoId);
            await index.SaveAsync(photo, default);
        }

        var pages = await AllPagesAsync(page => index.SearchAsync(SearchQuery.Parse("sunset beach"), page, default), limit: 2);

        Assert.That(pages.SelectMany(Ids), Is.EqualTo(expected));
        Assert.That(pages, Has.Count.GreaterThan(2), "the budget should have cut some requests short");
    }

    [TestCase(5)]
    [TestCase(17)]
    public async Task SearchAsync_TinyReadBudget_StillPagesToExactlyTheOracle(int budget)
    {
        var random = new Random(budget);
        var gallery = RandomGallery.Photos(random, count: 40);
        foreach (var photo in gallery) await Index.SaveAsync(photo, default);
        var index = new DynamoDbPhotoIndex(_dynamo, _settings with { SearchReadBudget = budget }, Clock);

        for (var i = 0; i < 15; i++)
        {
            var query = SearchQuery.Parse(RandomGallery.Query(random));
            var expected = gallery
                .Where(p => p.IsVisible && query.Matches(p.SearchWords()))
                .OrderByDescending(p => p.CreatedAtText, StringComparer.Ordinal).ThenByDescending(p => p.PhotoId, StringComparer.Ordinal)
                .Select(p => p.PhotoId);

            var pages = await AllPagesAsync(page => index.SearchAsync(query, page, default), limit: random.Next(1, 6));

            Assert.That(pages.SelectMany(Ids), Is.EqualTo(expected), $"query '{query.Text}'");
        }
    }

    private static AWSCredentials EmulatorCredentials => PhotoGallery.Emulators.EmulatorSet.Credentials;

    private async Task<List<(string Term, string Position)>> TermItemsAsync()
    {
        // A Scan, in the test only: it must see every item, whatever its key.
        var items = (await _dynamo.ScanAsync(new ScanRequest { TableName = _settings.Table })).Items;
        return items.Where(i => i["PK"].S.StartsWith("TERM#", StringComparison.Ordinal)).Select(i => (i["PK"].S, i["SK"].S)).ToList();
    }

    /// <summary>Records the operation of every request the client sends (the X-Amz-Target header).</summary>
    private sealed class OperationLog : HttpClientFactory
    {
        private readonly ConcurrentQueue<string> _targets = new();

        public IEnumerable<string> Targets => _targets;

        public void Clear() => _targets.Clear();

        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new Recorder(_targets, new HttpClientHandler()));

        private sealed class Recorder(ConcurrentQueue<string> targets, HttpMessageHandler inner) : DelegatingHandler(inner)
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                if (request.Headers.TryGetValues("X-Amz-Target", out var values)) targets.Enqueue(values.First());
                return base.SendAsync(request, cancellationToken);
            }
        }
    }
}

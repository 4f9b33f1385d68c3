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
        await EveryPhotoPairedAsync();
        _operations.Clear();
        return new DynamoDbPhotoIndex(_dynamo, _settings, clock);
    }

    /// <summary>
    /// The table starts as this code's bulk load into an empty gallery leaves it: a <c>LAYOUT</c> item saying every
    /// photo has its pairs. A first save would otherwise write the time plus <see cref="PairLayout.DeployOverlap"/>, and
    /// the tests' photos, created in the epoch's first minutes, would all be read through terms. The tests of the
    /// layout itself remove it first (<see cref="ForgetPairsAsync"/>).
    /// </summary>
    private Task EveryPhotoPairedAsync() =>
        _dynamo.PutItemAsync(_settings.Table, new() { ["PK"] = new(PhotoTable.Layout), ["SK"] = new(PhotoTable.Layout) });

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

        Assert.That(terms, Is.EquivalentTo(new[] { "TERM#m", "TERM#mo", "TERM#moo", "TERM#moon", "TERM#a", "TERM#al", "TERM#ali", "TERM#alic" }));
    }

    [Test]
    public async Task SaveAsync_CompletePhoto_EveryTermItemCarriesThePhotosWords()
    {
        await Index.SaveAsync(Photos.Complete("Sunset over the Sea", owner: "bob"), default);

        var items = (await _dynamo.ScanAsync(new ScanRequest { TableName = _settings.Table })).Items
            .Where(i => i["PK"].S.StartsWith("TERM#", StringComparison.Ordinal)).ToList();

        Assert.That(items.Select(i => i["PK"].S), Is.EquivalentTo(new[]
        {
            "TERM#s", "TERM#su", "TERM#sun", "TERM#suns", "TERM#se", "TERM#sea", "TERM#o", "TERM#ov", "TERM#ove", "TERM#over",
            "TERM#t", "TERM#th", "TERM#the", "TERM#b", "TERM#bo", "TERM#bob",
        }));
        Assert.That(items.Select(i => i[PhotoTable.TermWords].S).Distinct(), Is.EqualTo(new[] { " bob over sea sunset the" }));
    }

    [Test]
    public async Task SaveAsync_WordsLongerThanAnItemCarries_TermItemsWithoutWordsStillFoundExactly()
    {
        var many = string.Join(" ", Enumerable.Range(0, 90).Select(i => $"lengthy{i:D3}"));
        var sunset = Photos.Complete("Sunset", many);
        var sunny = Photos.Complete("Sunny", many, createdAt: Photos.Epoch.AddMinutes(1));
        await Index.SaveAsync(sunset, default);
        await Index.SaveAsync(sunny, default);

        var items = (await _dynamo.ScanAsync(new ScanRequest { TableName = _settings.Table })).Items
            .Where(i => i["PK"].S.StartsWith("TERM#", StringComparison.Ordinal));

        Assert.That(items.Any(i => i.ContainsKey(PhotoTable.TermWords)), Is.False);
        Assert.That(Ids((await SearchAsync("suns")).Photos), Is.EqualTo(new[] { sunset.PhotoId }));
        Assert.That(Ids((await SearchAsync("sunny lengthy089")).Photos), Is.EqualTo(new[] { sunny.PhotoId }));
        Assert.That(Ids((await SearchAsync("lengthy0")).Photos), Is.EqualTo(new[] { sunny.PhotoId, sunset.PhotoId }));
    }

    /// <summary>
    /// A table filled by the earlier layout (a term item for every prefix of 1 to 8 characters, keys only, no
    /// Words) answers exactly: its items pass the filter and their photo items decide.
    /// </summary>
    [Test]
    public async Task SearchAsync_TermItemsOfTheEarlierLayout_EqualsTheBruteForceOracle()
    {
        var random = new Random(5);
        var gallery = RandomGallery.Photos(random, count: 40);
        foreach (var photo in gallery) await Index.SaveAsync(photo, default);
        foreach (var key in await TermItemsAsync())
            await _dynamo.DeleteItemAsync(_settings.Table, new() { ["PK"] = new(key.Term), ["SK"] = new(key.Position) });
        await ForgetPairsAsync();
        foreach (var photo in gallery.Where(p => p.IsVisible))
            foreach (var word in photo.SearchWords())
                foreach (var term in EarlierLayoutPrefixes(word))
                    await _dynamo.PutItemAsync(_settings.Table, new() { ["PK"] = new("TERM#" + term), ["SK"] = new(SearchTerms.SortKeyOf(photo)) });

        await AssertOracleAsync(new DynamoDbPhotoIndex(_dynamo, _settings, Clock), gallery, random, RandomGallery.Query, queries: 20);
    }

    /// <summary>What the earlier layout wrote for a word: every prefix of 1 to 8 characters but one ending inside a surrogate pair.</summary>
    private static IEnumerable<string> EarlierLayoutPrefixes(string word) =>
        Enumerable.Range(1, Math.Min(8, word.Length)).Where(length => !char.IsHighSurrogate(word[length - 1])).Select(length => word[..length]);

    [Test]
    public async Task SearchAsync_EarlierLayoutWordWithAnAstralLetterAtTheEighthPlace_Found()
    {
        var photo = Photos.Complete("abcdefg𠀋z");
        await Index.SaveAsync(photo, default);
        foreach (var key in await TermItemsAsync())
            await _dynamo.DeleteItemAsync(_settings.Table, new() { ["PK"] = new(key.Term), ["SK"] = new(key.Position) });
        foreach (var term in EarlierLayoutPrefixes("abcdefg𠀋z"))
            await _dynamo.PutItemAsync(_settings.Table, new() { ["PK"] = new("TERM#" + term), ["SK"] = new(SearchTerms.SortKeyOf(photo)) });

        Assert.That(Ids((await SearchAsync("abcdefg𠀋")).Photos), Is.EqualTo(new[] { photo.PhotoId }));
        Assert.That(Ids((await SearchAsync("abcdefg𠀋z")).Photos), Is.EqualTo(new[] { photo.PhotoId }));
    }

    /// <summary>
    /// Words that share 3, 4 and 8 characters, queried by prefixes of every length (those between the stored
    /// lengths go through the filter), several at once, paged with small pages and small read budgets.
    /// </summary>
    [TestCase(3, 2000)]
    [TestCase(8, 2000)]
    [TestCase(13, 7)]
    [TestCase(21, 30)]
    public async Task SearchAsync_PrefixesBetweenTheStoredLengths_EqualsTheBruteForceOracle(int seed, int budget)
    {
        string[] vocabulary =
        [
            "street", "streets", "strength", "stream", "streaming", "stroll", "strollers", "sun", "sunset", "sunsets",
            "sunshine", "sunny", "summit", "mountain", "mountains", "mountaineer", "mountaineering", "mount", "moon",
            "photographer", "photographers", "photography", "photo", "photon", "x", "xy", "xyz", "xyzw",
        ];
        var random = new Random(seed);
        var gallery = Enumerable.Range(0, 60).Select(i => Photos.Complete(
            string.Join(" ", Enumerable.Range(0, random.Next(1, 4)).Select(_ => vocabulary[random.Next(vocabulary.Length)])),
            createdAt: Photos.Epoch.AddMinutes(random.Next(0, 20)))).ToList();
        await ((DynamoDbPhotoIndex)Index).SaveNewAsync(gallery, default);
        var index = new DynamoDbPhotoIndex(_dynamo, _settings with { SearchReadBudget = budget }, Clock);

        await AssertOracleAsync(index, gallery, random, r => string.Join(" ", Enumerable.Range(0, r.Next(1, 4)).Select(_ =>
        {
            var word = vocabulary[r.Next(vocabulary.Length)];
            return word[..r.Next(1, word.Length + 1)];
        })), queries: 25);
    }

    [Test]
    public async Task SearchAsync_TwoCommonWordsThatRarelyMeet_FewRoundTrips()
    {
        var both = new List<string>();
        var photos = Enumerable.Range(0, 300).Select(i =>
        {
            var photo = Photos.Complete(i % 100 == 7 ? "dog park" : i % 2 == 0 ? $"dog {i}" : $"park {i}", createdAt: Photos.Epoch.AddMinutes(i));
            if (i % 100 == 7) both.Insert(0, photo.PhotoId);
            return photo;
        }).ToList();
        await ((DynamoDbPhotoIndex)Index).SaveNewAsync(photos, default);
        _operations.Clear();

        var found = await SearchAsync("dog park", limit: 24);

        Assert.That(Ids(found.Photos), Is.EqualTo(both));
        Assert.That(_operations.Targets.Count(t => t.EndsWith(".Query", StringComparison.Ordinal)), Is.LessThanOrEqualTo(3));
    }

    /// <summary>
    /// Read through terms (a table without pairs): one photo in 50 has both words, so about one item in 25 of either
    /// word's partition (1,200 and 1,248 items) is a match. The newest 50 <c>park</c> items hold 2 matches (the newest
    /// 50 <c>dog</c> items 1), so the search follows <c>park</c>, whose full page (25 with the one that says there is
    /// more) lies 625 items down. The read sized from those 2 must not overshoot far (the plain ratio with a margin of
    /// 1.5 read 863 more, 963 items in all).
    /// </summary>
    [Test]
    public async Task SearchAsync_TwoWordsThatRarelyMeetWithoutPairs_ReadsLittleMoreThanThePageNeeds()
    {
        var photos = DogsAndParks();
        await ((DynamoDbPhotoIndex)Index).SaveNewAsync(photos, default);
        await ForgetPairsAsync();
        _operations.Clear();

        var found = await new DynamoDbPhotoIndex(_dynamo, _settings, Clock).SearchAsync(SearchQuery.Parse("dog park"), new PageRequest(24, null), default);

        Assert.That(Ids(found.Photos), Is.EqualTo(photos.Where((_, i) => i % 50 == 1).Reverse().Take(24).Select(p => p.PhotoId)));
        const int needed = 625 + 50; // the leader's items down to the 25th match, and the other word's first page
        Assert.That(_operations.ItemsScanned, Is.InRange(needed, needed * 115 / 100));
        // The layout item (none here), then the two terms' first pages at once, then the leader.
        Assert.That(_operations.Targets.Count(t => t.EndsWith(".Query", StringComparison.Ordinal)), Is.LessThanOrEqualTo(5));
    }

    /// <summary>
    /// The same photos with pairs: <c>PAIR#dog|par</c> holds the 48 photos with both words, and nothing else, so the
    /// page is in the first read, however many photos have one word only.
    /// </summary>
    [Test]
    public async Task SearchAsync_TwoWordsThatRarelyMeet_ReadsOnlyTheirPair()
    {
        var photos = DogsAndParks();
        await ((DynamoDbPhotoIndex)Index).SaveNewAsync(photos, default);
        _operations.Clear();

        var found = await SearchAsync("dog park", limit: 24);

        Assert.That(Ids(found.Photos), Is.EqualTo(photos.Where((_, i) => i % 50 == 1).Reverse().Take(24).Select(p => p.PhotoId)));
        // The layout item, then the pair's 48 items and its overflow (empty), read at once.
        Assert.That(_operations.ItemsScanned, Is.EqualTo(1 + 48));
        Assert.That(_operations.Targets.Count(t => t.EndsWith(".Query", StringComparison.Ordinal)), Is.EqualTo(3));
    }

    private static List<Core.Photos.Photo> DogsAndParks() =>
        [.. Enumerable.Range(0, 2_400).Select(i =>
            Photos.Complete(i % 50 == 1 ? "dog park" : i % 2 == 0 ? $"dog {i}" : $"park {i}", createdAt: Photos.Epoch.AddMinutes(i)))];

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
        for (var i = 0; i < 16; i++)
        {
            // "Sunny beacon" shares the pair sun|bea with "Sunset beach" without matching it: the pair read is filtered too.
            var title = (i % 4) switch { 0 => $"Sunset beach {i}", 1 => $"Beach party {i}", 2 => $"Sunny beacon {i}", _ => $"Sunset forest {i}" };
            var photo = Photos.Complete(title, createdAt: Photos.Epoch.AddMinutes(i));
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

    private static async Task AssertOracleAsync(IPhotoIndex index, List<Core.Photos.Photo> gallery, Random random, Func<Random, string> makeQuery, int queries)
    {
        for (var i = 0; i < queries; i++)
        {
            var query = SearchQuery.Parse(makeQuery(random));
            var limit = random.Next(1, 6);
            var expected = gallery
                .Where(p => p.IsVisible && query.Matches(p.SearchWords()))
                .OrderByDescending(p => p.CreatedAtText, StringComparer.Ordinal).ThenByDescending(p => p.PhotoId, StringComparer.Ordinal)
                .Select(p => p.PhotoId);

            var pages = await AllPagesAsync(page => index.SearchAsync(query, page, default), limit);

            Assert.That(pages.SelectMany(Ids), Is.EqualTo(expected), $"query '{query.Text}', limit {limit}");
        }
    }

    /// <summary>
    /// A table that code from before pairs filled (the photos created up to 20 minutes after the epoch), then this code
    /// (its first save at 30 minutes, its photos created after the deploy overlap, some created before and completed
    /// after, and some older photos changed), with
    /// photos of too many heads to pair and heads cut before an astral letter: every query, paged with small pages and
    /// read budgets down to one item, finds exactly what the oracle does, across the time below which search reads terms.
    /// </summary>
    [TestCase(7, 2000)]
    [TestCase(11, 9)]
    [TestCase(19, 25)]
    [TestCase(23, 1)]
    [TestCase(29, 3)]
    public async Task SearchAsync_PhotosFromBeforePairsAndAfter_EqualsTheBruteForceOracle(int seed, int budget)
    {
        var random = new Random(seed);
        var earlier = Varied(RandomGallery.Photos(random, count: 60));
        foreach (var photo in earlier) await Index.SaveAsync(photo, default);
        await ForgetPairsAsync();

        Clock.Advance(TimeSpan.FromMinutes(30));
        var index = new DynamoDbPhotoIndex(_dynamo, _settings, Clock);
        var later = Varied(RandomGallery.Photos(random, count: 60))
            .Select((photo, i) => i % 6 == 0 ? photo : photo with { CreatedAt = photo.CreatedAt.AddMinutes(30) + PairLayout.DeployOverlap }).ToList();
        foreach (var photo in later) await index.SaveAsync(photo, default);
        var changed = earlier.Where(p => p.IsVisible).Take(5).Select(p => p with { Title = RandomGallery.Query(random) }).ToList();
        foreach (var photo in changed) await index.SaveAsync(photo, default);
        var gallery = earlier.Where(p => !changed.Any(c => c.PhotoId == p.PhotoId)).Concat(changed).Concat(later).ToList();

        var searching = new DynamoDbPhotoIndex(_dynamo, _settings with { SearchReadBudget = budget }, Clock);
        await AssertOracleAsync(searching, gallery, random, VariedQuery, queries: 25);
        Assert.That(await ItemsAsync("PAIR#"), Is.Not.Empty, "the later photos should have pairs");
        Assert.That(await ItemsAsync("OVER#"), Is.Not.Empty, "some later photos should have too many heads to pair");
    }

    /// <summary>
    /// A bulk load into a table that already holds photos without pairs does not claim every photo has pairs: it
    /// writes the time, and the photos from before are still found.
    /// </summary>
    [Test]
    public async Task SaveNewAsync_GalleryWithPhotosFromBeforePairs_WritesTheTimePairsBegan()
    {
        var earlier = Photos.Complete("Old bridge", createdAt: Photos.Epoch.AddMinutes(-10));
        await Index.SaveAsync(earlier, default);
        await ForgetPairsAsync();
        var index = new DynamoDbPhotoIndex(_dynamo, _settings, Clock);

        await index.SaveNewAsync([Photos.Complete("Old bridge at night", createdAt: Photos.Epoch.AddMinutes(5))], default);

        Assert.That((await ItemsAsync("LAYOUT")).Single()["PairedAfter"].S, Is.EqualTo(Core.Photos.Photo.FormatTime(Photos.Epoch + PairLayout.DeployOverlap)));
        Assert.That((await new DynamoDbPhotoIndex(_dynamo, _settings, Clock).SearchAsync(SearchQuery.Parse("old bridge"), new PageRequest(10, null), default)).Photos,
            Has.Count.EqualTo(2));
    }

    /// <summary>Every fifth photo with more heads than are paired, every seventh with words whose head stops before an astral letter.</summary>
    private static List<Core.Photos.Photo> Varied(List<Core.Photos.Photo> photos) =>
        [.. photos.Select((photo, i) => photo with
        {
            Description = photo.Description
                + (i % 5 == 0 ? " " + string.Join(" ", Enumerable.Range(0, SearchTerms.MaxPairHeads).Select(n => $"w{n:D2}x")) : "")
                + (i % 7 == 0 ? (i % 2 == 0 ? " ab𝒳cd" : " ab𝒳ef") : ""),
        })];

    private static string VariedQuery(Random random) => random.Next(5) switch
    {
        0 => $"w{random.Next(30):D2} {RandomGallery.Query(random)}",
        1 => $"ab𝒳{(random.Next(2) == 0 ? "c" : "")} {RandomGallery.Query(random)}",
        _ => RandomGallery.Query(random),
    };

    [Test]
    public async Task SaveAsync_CompletePhoto_WritesAnItemPerPairOfHeadsAndTheTimePairsBegan()
    {
        await ForgetPairsAsync();
        Clock.Advance(TimeSpan.FromMinutes(5));
        var photo = Photos.Complete("Sunset over the Sea", owner: "bob", createdAt: Photos.Epoch.AddMinutes(6));
        await Index.SaveAsync(photo, default);

        var pairs = await ItemsAsync("PAIR#");
        var layout = (await ItemsAsync("LAYOUT")).Single();

        Assert.That(pairs.Select(i => i["PK"].S), Is.EquivalentTo(new[]
        {
            "PAIR#bob|ove", "PAIR#bob|sea", "PAIR#bob|sun", "PAIR#bob|the", "PAIR#ove|sea", "PAIR#ove|sun", "PAIR#ove|the",
            "PAIR#sea|sun", "PAIR#sea|the", "PAIR#sun|the",
        }));
        Assert.That(pairs.Select(i => i[PhotoTable.TermWords].S).Distinct(), Is.EqualTo(new[] { " bob over sea sunset the" }));
        Assert.That(layout["PairedAfter"].S, Is.EqualTo(Core.Photos.Photo.FormatTime(Photos.Epoch.AddMinutes(5) + PairLayout.DeployOverlap)));
    }

    /// <summary>
    /// While a deploy replaces the functions, code from before pairs may still complete a photo, after the first save
    /// with pairs: the hour of <see cref="PairLayout.DeployOverlap"/> is read through terms, so that photo is found.
    /// </summary>
    [Test]
    public async Task SearchAsync_PhotoCompletedByEarlierCodeDuringTheDeploy_IsFound()
    {
        await ForgetPairsAsync();
        Clock.Advance(TimeSpan.FromMinutes(5));
        var first = Photos.Complete("Old bridge", createdAt: Photos.Epoch.AddMinutes(5));
        await Index.SaveAsync(first, default);
        var late = Photos.Complete("Old bridge at dusk", createdAt: Photos.Epoch.AddMinutes(20));
        await Index.SaveAsync(late, default);
        await ForgetPairsOfAsync(late);

        var found = await new DynamoDbPhotoIndex(_dynamo, _settings, Clock).SearchAsync(SearchQuery.Parse("old bridge"), new PageRequest(10, null), default);

        Assert.That(found.Photos.Select(p => p.PhotoId), Is.EqualTo(new[] { late.PhotoId, first.PhotoId }));
    }

    [Test]
    public async Task SaveAsync_WordsChanged_RemovesThePairsOfOldWords()
    {
        var photo = Photos.Complete("Mountain lake", owner: "bob");
        await Index.SaveAsync(photo, default);
        await Index.SaveAsync(photo with { Title = "Mountain river" }, default);

        Assert.That((await ItemsAsync("PAIR#")).Select(i => i["PK"].S), Is.EquivalentTo(new[] { "PAIR#bob|mou", "PAIR#bob|riv", "PAIR#mou|riv" }));
    }

    [Test]
    public async Task SaveNewAsync_EmptyGallery_EveryPhotoCountsAsPaired()
    {
        await ForgetPairsAsync();
        await ((DynamoDbPhotoIndex)Index).SaveNewAsync([Photos.Complete("Old bridge", createdAt: Photos.Epoch.AddYears(-3))], default);

        var layout = (await ItemsAsync("LAYOUT")).Single();

        Assert.That(layout.ContainsKey("PairedAfter"), Is.False);
        Assert.That((await SearchAsync("old bridge")).Photos, Has.Count.EqualTo(1));
    }

    /// <summary>
    /// Photos with more heads than are paired get an overflow item per head and no pairs; mixed with paired photos, and
    /// with an interrupted save that left a photo under both a pair and an overflow, searches still equal the oracle.
    /// </summary>
    [Test]
    public async Task SearchAsync_PhotosWithTooManyHeadsToPair_FoundThroughTheOverflow()
    {
        var random = new Random(3);
        var gallery = RandomGallery.Photos(random, count: 50).Select((photo, i) => i % 3 != 0 ? photo : photo with
        {
            Description = photo.Description + " " + string.Join(" ", Enumerable.Range(0, SearchTerms.MaxPairHeads).Select(n => $"w{n:D2}x")),
        }).ToList();
        await ((DynamoDbPhotoIndex)Index).SaveNewAsync(gallery, default);
        var crowded = gallery.First(p => p.IsVisible && SearchTerms.HeadsOf(p.SearchWords()).Count > SearchTerms.MaxPairHeads);
        var heads = SearchTerms.HeadsOf(crowded.SearchWords());
        await _dynamo.PutItemAsync(_settings.Table, new()
        {
            ["PK"] = new(PhotoTable.PairKey(heads[0], heads[1])), ["SK"] = new(SearchTerms.SortKeyOf(crowded)),
        });

        var overflow = await ItemsAsync("OVER#");
        Assert.That(overflow.Where(i => i["SK"].S == SearchTerms.SortKeyOf(crowded)).Select(i => i["PK"].S),
            Is.EquivalentTo(heads.Select(PhotoTable.OverflowKey)));
        Assert.That(Ids((await SearchAsync($"{heads[0]} {heads[1]}")).Photos), Does.Contain(crowded.PhotoId).And.Unique);
        await AssertOracleAsync(Index, gallery, random, r => r.Next(3) == 0 ? $"w{r.Next(30):D2} {RandomGallery.Query(r)}" : RandomGallery.Query(r), queries: 30);
    }

    /// <summary>Leaves the table as code from before pairs left it: no pair, overflow or layout item.</summary>
    private async Task ForgetPairsAsync() =>
        await DeleteAsync((await ItemsAsync("PAIR#")).Concat(await ItemsAsync("OVER#")).Concat(await ItemsAsync("LAYOUT")));

    /// <summary>Deletes one photo's pair and overflow items: what code from before pairs would have written for it.</summary>
    private async Task ForgetPairsOfAsync(Core.Photos.Photo photo) =>
        await DeleteAsync((await ItemsAsync("PAIR#")).Concat(await ItemsAsync("OVER#")).Where(i => i["SK"].S == SearchTerms.SortKeyOf(photo)));

    private async Task DeleteAsync(IEnumerable<Dictionary<string, AttributeValue>> items)
    {
        foreach (var chunk in items.Chunk(25))
        {
            await _dynamo.BatchWriteItemAsync(new BatchWriteItemRequest
            {
                RequestItems = new()
                {
                    [_settings.Table] = [.. chunk.Select(i => new WriteRequest(new DeleteRequest(new() { ["PK"] = i["PK"], ["SK"] = i["SK"] })))],
                },
            });
        }
    }

    /// <summary>Every item whose partition key starts with <paramref name="prefix"/>: a Scan, in the test only, to see every item.</summary>
    private async Task<List<Dictionary<string, AttributeValue>>> ItemsAsync(string prefix)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var response = await _dynamo.ScanAsync(new ScanRequest { TableName = _settings.Table, ExclusiveStartKey = start });
            items.AddRange(response.Items.Where(i => i["PK"].S.StartsWith(prefix, StringComparison.Ordinal)));
            start = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (start is not null);
        return items;
    }

    private static AWSCredentials EmulatorCredentials => PhotoGallery.Emulators.EmulatorSet.Credentials;

    private async Task<List<(string Term, string Position)>> TermItemsAsync()
    {
        // A Scan, in the test only: it must see every item, whatever its key.
        var items = (await _dynamo.ScanAsync(new ScanRequest { TableName = _settings.Table })).Items;
        return items.Where(i => i["PK"].S.StartsWith("TERM#", StringComparison.Ordinal)).Select(i => (i["PK"].S, i["SK"].S)).ToList();
    }

    /// <summary>
    /// Records the operation of every request the client sends (the X-Amz-Target header), and adds up the items the
    /// Queries evaluated (their responses' <c>ScannedCount</c>: what DynamoDB reads and charges for, filtered out or not).
    /// </summary>
    private sealed class OperationLog : HttpClientFactory
    {
        private readonly ConcurrentQueue<string> _targets = new();
        private long _itemsScanned;

        public IEnumerable<string> Targets => _targets;

        public long ItemsScanned => Interlocked.Read(ref _itemsScanned);

        public void Clear()
        {
            _targets.Clear();
            Interlocked.Exchange(ref _itemsScanned, 0);
        }

        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new Recorder(this, new HttpClientHandler()));

        private sealed class Recorder(OperationLog log, HttpMessageHandler inner) : DelegatingHandler(inner)
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var target = request.Headers.TryGetValues("X-Amz-Target", out var values) ? values.First() : null;
                if (target is not null) log._targets.Enqueue(target);
                var response = await base.SendAsync(request, cancellationToken);
                if (target is not null && target.EndsWith(".Query", StringComparison.Ordinal) && response.IsSuccessStatusCode)
                {
                    await response.Content.LoadIntoBufferAsync(cancellationToken);
                    using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
                    if (body.RootElement.TryGetProperty("ScannedCount", out var scanned)) Interlocked.Add(ref log._itemsScanned, scanned.GetInt64());
                }
                return response;
            }
        }
    }
}

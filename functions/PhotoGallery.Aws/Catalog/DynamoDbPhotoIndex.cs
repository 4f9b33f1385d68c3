using Amazon;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using PhotoGallery.Core.Photos;
using PhotoGallery.Core.Ports;
using PhotoGallery.Core.Search;

namespace PhotoGallery.Aws.Catalog;

/// <summary>
/// The photo catalog in one DynamoDB table (see <see cref="PhotoTable"/>): photo items, the newest-first
/// listing through the sparse GSI1, and search through the term and pair items of <see cref="SearchTerms"/>, read
/// by Query only, never Scan: one driving term, or one word pair, per query, filtered on the other words.
/// <para>
/// A save spans many items, and the table may live on an emulator without transactions, so writes go in an
/// order that is safe at every step and safe to repeat: new term items first, then the photo item (the one
/// write that makes the photo visible, atomically), then the removal of term items it no longer has. Search
/// checks every candidate against its photo item, so a term item left by an interrupted save is never a
/// wrong result, and repeating a save writes the same keys again: no duplicates.
/// </para>
/// </summary>
public sealed class DynamoDbPhotoIndex(IAmazonDynamoDB dynamo, DynamoDbSettings settings, TimeProvider clock) : IPhotoIndex
{
    private readonly PairLayout _layout = new(dynamo, settings, clock);

    private const int BatchWriteSize = 25;
    private const int BatchGetSize = 100;
    private const int MaxQueryPage = 1000;
    private const int FilteredPageFactor = 2;
    /// <summary>How much more than its estimate a sized read asks for (see <see cref="NextLimit"/>).</summary>
    private const double SizedReadMargin = 1.2;
    private const int MaxBatchAttempts = 8;

    /// <summary>
    /// Every request asks DynamoDB to report the capacity units it consumed: free, a few bytes per response, and
    /// what the benchmark adds up (docs/performance.md) instead of estimating it. Also for <see cref="PhotoItem"/>.
    /// </summary>
    internal static readonly ReturnConsumedCapacity Measured = ReturnConsumedCapacity.TOTAL;

    public static DynamoDbPhotoIndex Create(DynamoDbSettings settings, TimeProvider clock) =>
        new(CreateClient(settings), settings, clock);

    public static AmazonDynamoDBClient CreateClient(DynamoDbSettings settings)
    {
        var config = new AmazonDynamoDBConfig { RegionEndpoint = RegionEndpoint.GetBySystemName(settings.Region) };
        if (settings.ServiceUrl is { } url)
        {
            config.ServiceURL = url.ToString();
            config.AuthenticationRegion = settings.Region;
        }
        return settings.Credentials is null ? new AmazonDynamoDBClient(config) : new AmazonDynamoDBClient(settings.Credentials, config);
    }

    public async Task SaveAsync(Photo photo, CancellationToken cancellationToken)
    {
        var previous = await GetAsync(photo.PhotoId, cancellationToken);
        // Before the first pairs: search must not trust pairs below the time this code began writing them.
        if (photo.IsVisible) await _layout.EnsureAsync(everyPhoto: null, cancellationToken);
        var terms = SearchTerms.For(photo);
        var stale = previous is null ? [] : SearchTerms.For(previous).Except(terms).ToList();

        var words = SearchTerms.WordsOf(photo);
        await WriteTermsAsync(terms.Select(key => PutTerm(key, words)), cancellationToken);
        await AwsErrors.MapAsync(() => dynamo.PutItemAsync(
            new PutItemRequest { TableName = settings.Table, Item = PhotoItem.From(photo), ReturnConsumedCapacity = Measured }, cancellationToken));
        await WriteTermsAsync(stale.Select(DeleteTerm), cancellationToken);
        // A completed upload no longer holds one of its owner's places.
        if (photo.IsVisible && previous is { IsVisible: false })
            await ChangeOpenUploadsAsync(photo.Owner, open => open.Remove(photo.PhotoId), cancellationToken);
    }

    public async Task<bool> TryAddPendingAsync(Photo photo, OpenUploads openUploads, CancellationToken cancellationToken)
    {
        var closesAt = (photo.CreatedAt + openUploads.Lifetime).ToUnixTimeSeconds();
        var added = await ChangeOpenUploadsAsync(photo.Owner, open =>
        {
            if (open.Count >= openUploads.Limit) return false;
            open[photo.PhotoId] = closesAt;
            return true;
        }, cancellationToken);
        // The place first, then the photo: a photo saved without one could never be refused.
        if (added) await SaveAsync(photo, cancellationToken);
        return added;
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the owner's uploads still open (a read, then a put conditioned on
    /// the version read, again on a conflict), and returns what it returned: <c>false</c> writes nothing.
    /// </summary>
    private async Task<bool> ChangeOpenUploadsAsync(string owner, Func<Dictionary<string, long>, bool> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var response = await AwsErrors.MapAsync(() => dynamo.GetItemAsync(new GetItemRequest
            {
                TableName = settings.Table,
                Key = OpenUploadsItem.Key(owner),
                ConsistentRead = true,
            }, cancellationToken));
            var read = OpenUploadsItem.Read(response.Item);
            var open = read.OpenAt(clock.GetUtcNow());
            if (!change(open)) return false;
            try
            {
                await AwsErrors.MapAsync(() => dynamo.PutItemAsync(OpenUploadsItem.Write(settings.Table, owner, read, open), cancellationToken));
                return true;
            }
            catch (ConditionalCheckFailedException)
            {
                // Another request of the same user changed them since: read again.
                if (attempt >= MaxBatchAttempts) throw AwsErrors.Busy();
                await BackOffAsync(attempt, cancellationToken);
            }
        }
    }

    /// <summary>
    /// A bulk load of photos the table does not hold yet (the benchmark's 100,000): their term and pair items, then
    /// their photo items, 25 to a BatchWriteItem and several requests at a time, in the order <see cref="SaveAsync"/>
    /// keeps, without reading each photo first. A photo already stored with other words would keep its old
    /// term items (harmless to search, which checks every photo item, but untidy): change photos with
    /// <see cref="SaveAsync"/>. Into a table whose gallery is still empty, it marks every photo as having its pairs
    /// (<see cref="PairLayout"/>), whatever their creation times.
    /// </summary>
    public async Task SaveNewAsync(IReadOnlyCollection<Photo> photos, CancellationToken cancellationToken)
    {
        await _layout.EnsureAsync(IsGalleryEmptyAsync, cancellationToken);
        await WriteTermsAsync(photos.SelectMany(photo =>
        {
            var words = SearchTerms.WordsOf(photo);
            return SearchTerms.For(photo).Select(key => PutTerm(key, words));
        }), cancellationToken);
        await WriteTermsAsync(photos.Select(photo => new WriteRequest { PutRequest = new PutRequest { Item = PhotoItem.From(photo) } }), cancellationToken);
    }

    private async Task<bool> IsGalleryEmptyAsync(CancellationToken cancellationToken)
    {
        var response = await AwsErrors.MapAsync(() => dynamo.QueryAsync(GalleryQuery(limit: 1, after: null), cancellationToken));
        return response.Count is null or 0;
    }

    /// <summary>The newest complete photos below <paramref name="after"/>, through GSI1.</summary>
    private QueryRequest GalleryQuery(int limit, string? after) => new()
    {
        TableName = settings.Table,
        IndexName = PhotoTable.GalleryIndex,
        KeyConditionExpression = "#pk = :gallery",
        ExpressionAttributeNames = new() { ["#pk"] = PhotoTable.GalleryPartitionKey },
        ExpressionAttributeValues = new() { [":gallery"] = PhotoItem.S(PhotoTable.Gallery) },
        ScanIndexForward = false,
        ReturnConsumedCapacity = Measured,
        Limit = limit,
        ExclusiveStartKey = after is null ? null : GalleryKey(after),
    };

    public Task<bool> RecordImagesAsync(string photoId, ImagesOutcome outcome, CancellationToken cancellationToken) =>
        AwsErrors.MapAsync(async () =>
        {
            try
            {
                await dynamo.UpdateItemAsync(PhotoItem.RecordImages(settings.Table, photoId, outcome), cancellationToken);
                return true;
            }
            catch (ConditionalCheckFailedException)
            {
                // Not complete yet (or gone): nothing changed, the caller tries again later.
                return false;
            }
        });

    public async Task<Photo?> FindAsync(string photoId, CancellationToken cancellationToken)
    {
        var photo = await GetAsync(photoId, cancellationToken);
        // TTL removes expired items lazily (within days), so an expired pending photo is treated as gone here.
        return photo is { IsVisible: false, ExpiresAt: { } expires } && expires < clock.GetUtcNow() ? null : photo;
    }

    public async Task<PhotoPage> ListAsync(PageRequest page, CancellationToken cancellationToken)
    {
        // One more than asked: whether it comes back tells if there is a next page, so the last page has no cursor.
        var request = GalleryQuery(page.Limit + 1, PageCursor.Decode(page.Cursor));
        var photos = new List<Photo>();
        // DynamoDB stops a Query at 1 MB even short of Limit (large photo items, a big limit): keep reading
        // until the page and its look-ahead item are in, or the index has no more.
        while (true)
        {
            var response = await AwsErrors.MapAsync(() => dynamo.QueryAsync(request, cancellationToken));
            photos.AddRange((response.Items ?? []).Select(PhotoItem.ToPhoto));
            if (photos.Count > page.Limit || response.LastEvaluatedKey is not { Count: > 0 } next) break;
            request.ExclusiveStartKey = next;
            request.Limit = page.Limit + 1 - photos.Count;
        }
        return PageOf(photos, page.Limit);
    }

    public async Task<PhotoPage> SearchAsync(SearchQuery query, PageRequest page, CancellationToken cancellationToken)
    {
        var position = PageCursor.Decode(page.Cursor);
        var search = new SearchProgress(query, page.Limit);
        // Newest first: the pairs' part of the gallery, then the part below it, read through terms.
        foreach (var streams in await PartsAsync(query, position, cancellationToken))
        {
            if (await SearchPartAsync(streams, search, cancellationToken) is { } answer) return answer;
        }
        return new PhotoPage(search.Found, null);
    }

    /// <summary>
    /// The ways to read each part of the gallery below <paramref name="position"/>, newest part first: a query with two
    /// heads reads pairs where every photo has them and terms below (<see cref="PairLayout"/>); any other, terms only.
    /// </summary>
    private async Task<List<List<ISearchStream>>> PartsAsync(SearchQuery query, string? position, CancellationToken cancellationToken)
    {
        var pairs = SearchTerms.PairReads(query);
        var coverage = pairs.Count == 0 ? null : await _layout.ReadAsync(cancellationToken);
        if (coverage is null) return [TermStreams(query, position)];
        var after = coverage.PairedAfter;
        var parts = new List<List<ISearchStream>>();
        if (position is null || after is null || string.CompareOrdinal(position, after) > 0)
        {
            parts.Add([.. pairs.Select(pair => new MergedStream(
                new PartitionStream(pair.PairKey, pair.PairFilter, position, after),
                new PartitionStream(pair.OverflowKey, pair.OverflowFilter, position, after)))]);
        }
        if (after is not null)
            parts.Add(TermStreams(query, position is not null && string.CompareOrdinal(position, after) < 0 ? position : after));
        return parts;
    }

    private static List<ISearchStream> TermStreams(SearchQuery query, string? before) =>
        [.. SearchTerms.DrivingTerms(query).Select(term => new PartitionStream(PhotoTable.TermKey(term), SearchTerms.FilterWords(query, term), before))];

    /// <summary>What one search request has found so far, over the parts it read, and the term items it read.</summary>
    private sealed class SearchProgress(SearchQuery query, int limit)
    {
        public SearchQuery Query => query;

        public int Limit => limit;

        /// <summary>One more than asked: whether it is found tells if there is a next page.</summary>
        public int Wanted => limit + 1;

        public List<Photo> Found { get; } = [];

        /// <summary>Items read by the parts finished before the current one.</summary>
        public int ItemsRead { get; set; }
    }

    /// <summary>
    /// Searches one part of the gallery: the answer once a page is full or the read budget spent, or <c>null</c> when
    /// the part holds no more matches (the next part goes on).
    /// </summary>
    private async Task<PhotoPage?> SearchPartAsync(List<ISearchStream> streams, SearchProgress search, CancellationToken cancellationToken)
    {
        var wanted = search.Wanted;
        var found = search.Found;
        // Every stream alone answers the query; which one reads least is only known by reading. So the first pages
        // of all of them go out at once (one round trip), and the search then follows the one that did best.
        var share = Math.Max(1, (settings.SearchReadBudget - search.ItemsRead) / streams.Sum(stream => stream.Width));
        await Task.WhenAll(streams.Select(stream => ReadAsync(stream, Math.Min(FirstLimit(stream, wanted - found.Count), share), cancellationToken)));
        var leader = streams.OrderByDescending(stream => stream.Exhausted).ThenByDescending(stream => stream.Density())
            .ThenBy(stream => stream.LowestRead, StringComparer.Ordinal).First();
        var checkedCount = 0;
        while (true)
        {
            var read = search.ItemsRead + streams.Sum(stream => stream.ItemsRead);
            var outOfBudget = read >= settings.SearchReadBudget;
            // The photo items are read once the page's candidates are in (one BatchGetItem, not one per Query),
            // and only as many as the page still needs.
            if (leader.Candidates.Count - checkedCount >= wanted - found.Count || leader.Exhausted || outOfBudget)
            {
                while (found.Count < wanted && checkedCount < leader.Candidates.Count)
                {
                    var batch = leader.Candidates.Skip(checkedCount).Take(wanted - found.Count).ToList();
                    checkedCount += batch.Count;
                    found.AddRange(await MatchingPhotosAsync(batch, search.Query, cancellationToken));
                }
                if (found.Count >= wanted) return PageOf(found, search.Limit);
                if (leader.Exhausted)
                {
                    search.ItemsRead = read;
                    return null;
                }
                // Out of budget: answer with what we have; the cursor resumes below everything already decided.
                if (outOfBudget) return new PhotoPage(found, PageCursor.Encode(leader.LowestRead!));
                // Else some candidates were stale term items: read on.
            }
            var limit = NextLimit(leader, wanted - found.Count - (leader.Candidates.Count - checkedCount));
            await ReadAsync(leader, Math.Min(limit, settings.SearchReadBudget - read), cancellationToken);
        }
    }

    // An unfiltered term finds a match per item: read just the page. A filtered one reads twice that at first
    // (most queries find their page there), then as many as its matches so far say the page still needs, with
    // a margin, so a query whose words rarely meet takes one more round trip, not many.
    private static int FirstLimit(ISearchStream stream, int wanted) =>
        stream.Filtered ? Math.Min(FilteredPageFactor * wanted, MaxQueryPage) : wanted;

    /// <summary>
    /// The items the next read of a filtered stream asks for: what the page still needs at the stream's matches per
    /// item, estimated by Laplace's rule ((matches + 1) ÷ (items + 2)), with a margin of <see cref="SizedReadMargin"/>;
    /// eight times the last read while it has found none. A first page of 50 items holds only a few matches of two
    /// words that rarely meet, and the plain ratio with a larger margin read three times what the page needed when
    /// it happened to find few (<c>dog park</c> at 100,000 photos: 650 term items where 213 hold its page;
    /// docs/performance.md).
    /// </summary>
    private static int NextLimit(ISearchStream stream, int needed)
    {
        needed = Math.Max(needed, 1);
        if (!stream.Filtered) return needed;
        var estimate = stream.Candidates.Count == 0
            ? stream.LastLimit * 8
            : (int)Math.Ceiling(needed * (stream.ItemsRead + 2.0) / (stream.Candidates.Count + 1) * SizedReadMargin);
        return Math.Clamp(estimate, FilteredPageFactor * needed, MaxQueryPage);
    }

    private async Task<IEnumerable<Photo>> MatchingPhotosAsync(List<string> positions, SearchQuery query, CancellationToken cancellationToken)
    {
        var photos = await GetManyAsync(positions.Select(PhotoIdOf), cancellationToken);
        return positions
            .Select(position => (Position: position, Photo: photos.GetValueOrDefault(PhotoIdOf(position))))
            .Where(candidate => candidate.Photo is { } photo && IsMatch(photo, candidate.Position, query))
            .Select(candidate => candidate.Photo!);
    }

    // A stale term item (the photo changed or went back to pending since) points at a photo that no longer
    // matches at that position: only the photo item decides.
    private static bool IsMatch(Photo photo, string position, SearchQuery query) =>
        photo.IsVisible && SearchTerms.SortKeyOf(photo) == position && query.Matches(photo.SearchWords());

    private Task ReadAsync(ISearchStream stream, int limit, CancellationToken cancellationToken) =>
        stream.ReadAsync(part => ReadTermAsync(part, limit, cancellationToken));

    /// <summary>
    /// The stream's next page: a Query on its partition between its bounds, newest first, that DynamoDB filters on
    /// the words the partition does not imply. An item without <c>Words</c> (too many words to carry, or written
    /// before the attribute existed) passes, and its photo item decides.
    /// </summary>
    private async Task ReadTermAsync(PartitionStream stream, int limit, CancellationToken cancellationToken)
    {
        var names = new Dictionary<string, string> { ["#pk"] = PhotoTable.PartitionKey, ["#sk"] = PhotoTable.SortKey };
        var values = new Dictionary<string, AttributeValue> { [":term"] = PhotoItem.S(stream.Partition) };
        var condition = "#pk = :term";
        var start = stream.NextStart;
        if (stream.After is { } after)
        {
            values[":after"] = PhotoItem.S(after);
            condition += " AND #sk > :after";
            // Bounded on both sides: the first read starts strictly below the cursor, as DynamoDB resumes a page
            // (BETWEEN would include the cursor's own position, read again on every page).
            if (start is null && stream.Before is { } cursor) start = TermKey(stream.Partition, cursor);
        }
        else if (stream.Before is { } before)
        {
            values[":before"] = PhotoItem.S(before);
            condition += " AND #sk < :before";
        }
        string? filter = null;
        if (stream.FilterWords.Count > 0)
        {
            names["#words"] = PhotoTable.TermWords;
            var checks = stream.FilterWords.Select((word, i) =>
            {
                values[$":w{i}"] = PhotoItem.S(" " + word);
                return $"contains(#words, :w{i})";
            });
            filter = $"attribute_not_exists(#words) OR ({string.Join(" AND ", checks)})";
        }
        var request = new QueryRequest
        {
            TableName = settings.Table,
            KeyConditionExpression = condition,
            FilterExpression = filter,
            ExpressionAttributeNames = names,
            ExpressionAttributeValues = values,
            // Only the sort key is needed; the filter still sees Words.
            ProjectionExpression = "#sk",
            ScanIndexForward = false,
            Limit = limit,
            ExclusiveStartKey = start,
            ReturnConsumedCapacity = Measured,
        };
        var response = await AwsErrors.MapAsync(() => dynamo.QueryAsync(request, cancellationToken));
        stream.Add(response, limit);
    }

    private async Task<Photo?> GetAsync(string photoId, CancellationToken cancellationToken)
    {
        // Strongly consistent: completing an upload reads the pending photo saved moments before.
        var response = await AwsErrors.MapAsync(() => dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = settings.Table,
            Key = PhotoItem.Key(photoId),
            ConsistentRead = true,
            ReturnConsumedCapacity = Measured,
        }, cancellationToken));
        return response.Item is { Count: > 0 } item ? PhotoItem.ToPhoto(item) : null;
    }

    private async Task<Dictionary<string, Photo>> GetManyAsync(IEnumerable<string> photoIds, CancellationToken cancellationToken)
    {
        var photos = new Dictionary<string, Photo>(StringComparer.Ordinal);
        foreach (var chunk in photoIds.Distinct().Chunk(BatchGetSize))
        {
            var pending = new Dictionary<string, KeysAndAttributes>
            {
                [settings.Table] = new() { Keys = chunk.Select(PhotoItem.Key).ToList() },
            };
            for (var attempt = 1; pending.Count > 0; attempt++)
            {
                if (attempt > MaxBatchAttempts) throw AwsErrors.Busy();
                if (attempt > 1) await BackOffAsync(attempt, cancellationToken);
                var request = new BatchGetItemRequest { RequestItems = pending, ReturnConsumedCapacity = Measured };
                var response = await AwsErrors.MapAsync(() => dynamo.BatchGetItemAsync(request, cancellationToken));
                foreach (var item in response.Responses?.GetValueOrDefault(settings.Table) ?? [])
                {
                    var photo = PhotoItem.ToPhoto(item);
                    photos[photo.PhotoId] = photo;
                }
                pending = response.UnprocessedKeys ?? [];
            }
        }
        return photos;
    }

    private async Task WriteTermsAsync(IEnumerable<WriteRequest> writes, CancellationToken cancellationToken)
    {
        var chunks = writes.Chunk(BatchWriteSize).ToList();
        await Parallel.ForEachAsync(chunks, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (chunk, token) => await WriteBatchAsync(chunk.ToList(), token));
    }

    // BatchWriteItem may accept part of a batch under load; the rest is retried with backoff, a bounded
    // number of times. Every write here is a put or delete by key, so repeating one is harmless.
    private async Task WriteBatchAsync(List<WriteRequest> writes, CancellationToken cancellationToken)
    {
        var pending = new Dictionary<string, List<WriteRequest>> { [settings.Table] = writes };
        for (var attempt = 1; pending.Count > 0; attempt++)
        {
            if (attempt > MaxBatchAttempts) throw AwsErrors.Busy();
            if (attempt > 1) await BackOffAsync(attempt, cancellationToken);
            var request = new BatchWriteItemRequest { RequestItems = pending, ReturnConsumedCapacity = Measured };
            var response = await AwsErrors.MapAsync(() => dynamo.BatchWriteItemAsync(request, cancellationToken));
            pending = response.UnprocessedItems ?? [];
        }
    }

    private static Task BackOffAsync(int attempt, CancellationToken cancellationToken)
    {
        var ceiling = Math.Min(2000, 25 * (1 << attempt));
        return Task.Delay(Random.Shared.Next(ceiling / 2, ceiling), cancellationToken);
    }

    private static WriteRequest PutTerm(TermItemKey key, string? words)
    {
        var item = TermKey(key.PartitionKey, key.SortKey);
        if (words is not null) item[PhotoTable.TermWords] = PhotoItem.S(words);
        return new WriteRequest { PutRequest = new PutRequest { Item = item } };
    }

    private static WriteRequest DeleteTerm(TermItemKey key) => new()
    {
        DeleteRequest = new DeleteRequest { Key = TermKey(key.PartitionKey, key.SortKey) },
    };

    private static Dictionary<string, AttributeValue> TermKey(string term, string position) => new()
    {
        [PhotoTable.PartitionKey] = PhotoItem.S(term),
        [PhotoTable.SortKey] = PhotoItem.S(position),
    };

    private static Dictionary<string, AttributeValue> GalleryKey(string position)
    {
        var key = PhotoItem.Key(PhotoIdOf(position));
        key[PhotoTable.GalleryPartitionKey] = PhotoItem.S(PhotoTable.Gallery);
        key[PhotoTable.GallerySortKey] = PhotoItem.S(position);
        return key;
    }

    private static string PhotoIdOf(string position) => position[(position.LastIndexOf('#') + 1)..];

    private static PhotoPage PageOf(List<Photo> photos, int limit) =>
        photos.Count <= limit
            ? new PhotoPage(photos, null)
            : new PhotoPage(photos[..limit], PageCursor.Encode(SearchTerms.SortKeyOf(photos[limit - 1])));
}

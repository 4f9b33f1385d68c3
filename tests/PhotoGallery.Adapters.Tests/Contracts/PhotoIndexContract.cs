using NUnit.Framework;
using PhotoGallery.Adapters.Tests.Support;
using PhotoGallery.Core.Errors;
using PhotoGallery.Core.Http;
using PhotoGallery.Core.Photos;
using PhotoGallery.Core.Ports;
using PhotoGallery.Core.Search;

namespace PhotoGallery.Adapters.Tests.Contracts;

/// <summary>What every <see cref="IPhotoIndex"/> must do, each test on a new, empty catalog.</summary>
public abstract class PhotoIndexContract
{
    protected ManualClock Clock { get; private set; } = null!;
    protected IPhotoIndex Index { get; private set; } = null!;

    /// <summary>A new, empty catalog that reads time from <paramref name="clock"/>.</summary>
    protected abstract Task<IPhotoIndex> CreateIndexAsync(TimeProvider clock);

    [SetUp]
    public async Task CreateIndex()
    {
        Clock = new ManualClock(Photos.Epoch);
        Index = await CreateIndexAsync(Clock);
    }

    private static readonly OpenUploads ThreeOpen = new(3, TimeSpan.FromMinutes(15));

    private static Photo NewPending(string owner = "alice") =>
        Photos.Pending("Upload", Photos.Epoch.AddHours(24)) with { Owner = owner };

    [Test]
    public async Task TryAddPendingAsync_UnderTheLimit_TrueAndSaved()
    {
        var pending = NewPending();

        Assert.That(await Index.TryAddPendingAsync(pending, ThreeOpen, default), Is.True);

        AssertSame(await Index.FindAsync(pending.PhotoId, default), pending);
    }

    [Test]
    public async Task TryAddPendingAsync_AtTheLimit_FalseAndNothingSaved()
    {
        for (var i = 0; i < 3; i++) Assert.That(await Index.TryAddPendingAsync(NewPending(), ThreeOpen, default), Is.True);
        var oneTooMany = NewPending();

        Assert.That(await Index.TryAddPendingAsync(oneTooMany, ThreeOpen, default), Is.False);

        Assert.That(await Index.FindAsync(oneTooMany.PhotoId, default), Is.Null);
    }

    [Test]
    public async Task TryAddPendingAsync_AnotherOwnersUploads_NotCounted()
    {
        for (var i = 0; i < 3; i++) await Index.TryAddPendingAsync(NewPending("bob"), ThreeOpen, default);

        Assert.That(await Index.TryAddPendingAsync(NewPending("alice"), ThreeOpen, default), Is.True);
    }

    [Test]
    public async Task TryAddPendingAsync_AtTheLimitUntilTheUploadsClose_TrueAfter()
    {
        for (var i = 0; i < 3; i++) await Index.TryAddPendingAsync(NewPending(), ThreeOpen, default);
        Clock.Advance(ThreeOpen.Lifetime - TimeSpan.FromSeconds(1));
        Assert.That(await Index.TryAddPendingAsync(NewPending() with { CreatedAt = Clock.GetUtcNow() }, ThreeOpen, default), Is.False);

        Clock.Advance(TimeSpan.FromSeconds(2));

        Assert.That(await Index.TryAddPendingAsync(NewPending() with { CreatedAt = Clock.GetUtcNow() }, ThreeOpen, default), Is.True);
    }

    [Test]
    public async Task TryAddPendingAsync_OneOfThemCompleted_FreesItsPlace()
    {
        var first = NewPending();
        await Index.TryAddPendingAsync(first, ThreeOpen, default);
        for (var i = 1; i < 3; i++) await Index.TryAddPendingAsync(NewPending(), ThreeOpen, default);

        await Index.SaveAsync(first with { Status = PhotoStatus.Complete, ExpiresAt = null }, default);

        Assert.That(await Index.TryAddPendingAsync(NewPending(), ThreeOpen, default), Is.True);
        Assert.That(await Index.TryAddPendingAsync(NewPending(), ThreeOpen, default), Is.False);
    }

    [Test]
    public async Task TryAddPendingAsync_TenAtOnce_ExactlyTheLimitGetAPlace()
    {
        var tries = Enumerable.Range(0, 10).Select(_ => NewPending()).ToList();

        var added = await Task.WhenAll(tries.Select(photo => Task.Run(() => Index.TryAddPendingAsync(photo, ThreeOpen, default))));

        Assert.That(added.Count(a => a), Is.EqualTo(3));
        var saved = 0;
        foreach (var photo in tries) saved += await Index.FindAsync(photo.PhotoId, default) is null ? 0 : 1;
        Assert.That(saved, Is.EqualTo(3));
    }

    [Test]
    public async Task FindAsync_SavedPhoto_ReturnsEveryField()
    {
        var photo = Photos.Complete("Sunset", "Over the bay", tags: ["sea", "Evening", "gold"]) with { FileName = "IMG 1.png" };
        await Index.SaveAsync(photo, default);

        var found = await Index.FindAsync(photo.PhotoId, default);

        AssertSame(found, photo);
    }

    [Test]
    public async Task FindAsync_EmptyDescriptionNoTagsNoSize_RoundTrips()
    {
        var photo = Photos.Complete("Plain") with { Width = null, Height = null };
        await Index.SaveAsync(photo, default);

        AssertSame(await Index.FindAsync(photo.PhotoId, default), photo);
    }

    [Test]
    public async Task FindAsync_UnknownId_ReturnsNull()
    {
        Assert.That(await Index.FindAsync(PhotoId.New(Photos.Epoch), default), Is.Null);
    }

    [Test]
    public async Task FindAsync_PendingBeforeExpiry_ReturnsIt()
    {
        var pending = Photos.Pending("Upload", Photos.Epoch.AddHours(24));
        await Index.SaveAsync(pending, default);
        Clock.Advance(TimeSpan.FromHours(23));

        AssertSame(await Index.FindAsync(pending.PhotoId, default), pending);
    }

    [Test]
    public async Task FindAsync_PendingAfterExpiry_ReturnsNull()
    {
        var pending = Photos.Pending("Upload", Photos.Epoch.AddHours(24));
        await Index.SaveAsync(pending, default);
        Clock.Advance(TimeSpan.FromHours(25));

        Assert.That(await Index.FindAsync(pending.PhotoId, default), Is.Null);
    }

    [Test]
    public async Task ListAndSearch_PendingPhoto_NeverShowIt()
    {
        await Index.SaveAsync(Photos.Pending("Hidden sunset", Photos.Epoch.AddHours(24)), default);

        Assert.That((await Index.ListAsync(new PageRequest(10, null), default)).Photos, Is.Empty);
        Assert.That((await SearchAsync("sunset")).Photos, Is.Empty);
    }

    [TestCase(ImageState.Processing)]
    [TestCase(ImageState.Ready)]
    [TestCase(ImageState.Failed)]
    public async Task SaveAsync_EachImageState_RoundTripsWithItsVariantsAndProblem(ImageState state)
    {
        var photo = state switch
        {
            ImageState.Processing => Photos.Processing("Stateful"),
            ImageState.Ready => Photos.Complete("Stateful"),
            _ => Photos.Processing("Stateful") with { ImageState = ImageState.Failed, ImageProblem = "The file is not an image any decoder knows." },
        };
        await Index.SaveAsync(photo, default);

        AssertSame(await Index.FindAsync(photo.PhotoId, default), photo);
        AssertSame((await Index.ListAsync(new PageRequest(10, null), default)).Photos.Single(), photo);
    }

    [Test]
    public async Task RecordImagesAsync_CompletePhoto_ReadyWithVariantsAndSizeWhereverItIsRead()
    {
        var photo = Photos.Processing("Harbour lights");
        await Index.SaveAsync(photo, default);
        var variants = new PhotoVariants(PhotoKeys.Thumbnail(photo.PhotoId), PhotoKeys.Display(photo.PhotoId));

        // Upright: a portrait taken sideways swaps the header's width and height.
        var recorded = await Index.RecordImagesAsync(photo.PhotoId, ImagesOutcome.Ready(variants, 3000, 4000), default);

        Assert.That(recorded, Is.True);
        var expected = photo with { ImageState = ImageState.Ready, Variants = variants, Width = 3000, Height = 4000 };
        AssertSame(await Index.FindAsync(photo.PhotoId, default), expected);
        AssertSame((await Index.ListAsync(new PageRequest(10, null), default)).Photos.Single(), expected);
        AssertSame((await SearchAsync("harbour")).Photos.Single(), expected);
    }

    [Test]
    public async Task RecordImagesAsync_Failed_StateAndProblemAndTheSizeKept()
    {
        var photo = Photos.Processing("Broken file");
        await Index.SaveAsync(photo, default);

        var recorded = await Index.RecordImagesAsync(photo.PhotoId, ImagesOutcome.Failed("The file ends before its image data does."), default);

        Assert.That(recorded, Is.True);
        var expected = photo with { ImageState = ImageState.Failed, ImageProblem = "The file ends before its image data does." };
        AssertSame(await Index.FindAsync(photo.PhotoId, default), expected);
        AssertSame((await SearchAsync("broken")).Photos.Single(), expected);
    }

    [Test]
    public async Task RecordImagesAsync_PendingPhoto_FalseAndNothingChanged()
    {
        var pending = Photos.Pending("Upload", Photos.Epoch.AddHours(24));
        await Index.SaveAsync(pending, default);
        var variants = new PhotoVariants(PhotoKeys.Thumbnail(pending.PhotoId), PhotoKeys.Display(pending.PhotoId));

        var recorded = await Index.RecordImagesAsync(pending.PhotoId, ImagesOutcome.Ready(variants, 10, 10), default);

        Assert.That(recorded, Is.False);
        AssertSame(await Index.FindAsync(pending.PhotoId, default), pending);
        Assert.That((await Index.ListAsync(new PageRequest(10, null), default)).Photos, Is.Empty);
    }

    [Test]
    public async Task RecordImagesAsync_NoSuchPhoto_FalseAndNothingCreated()
    {
        var id = PhotoId.New(Photos.Epoch);

        var recorded = await Index.RecordImagesAsync(id, ImagesOutcome.Failed("Not an image."), default);

        Assert.That(recorded, Is.False);
        Assert.That(await Index.FindAsync(id, default), Is.Null);
        Assert.That((await Index.ListAsync(new PageRequest(10, null), default)).Photos, Is.Empty);
    }

    [Test]
    public async Task RecordImagesAsync_SameOutcomeTwice_SamePhotoListedOnce()
    {
        var photo = Photos.Processing("Twice made");
        await Index.SaveAsync(photo, default);
        var outcome = ImagesOutcome.Ready(new PhotoVariants(PhotoKeys.Thumbnail(photo.PhotoId), PhotoKeys.Display(photo.PhotoId)), 800, 600);

        var first = await Index.RecordImagesAsync(photo.PhotoId, outcome, default);
        var second = await Index.RecordImagesAsync(photo.PhotoId, outcome, default);

        Assert.That((first, second), Is.EqualTo((true, true)));
        var expected = photo with { ImageState = ImageState.Ready, Variants = outcome.Variants, Width = 800, Height = 600 };
        AssertSame(await Index.FindAsync(photo.PhotoId, default), expected);
        Assert.That(Ids((await Index.ListAsync(new PageRequest(10, null), default)).Photos), Is.EqualTo(new[] { photo.PhotoId }));
        Assert.That(Ids((await SearchAsync("twice")).Photos), Is.EqualTo(new[] { photo.PhotoId }));
    }

    [Test]
    public async Task RecordImagesAsync_ReadyAfterFailed_TheProblemIsGone()
    {
        var photo = Photos.Processing("Second try");
        await Index.SaveAsync(photo, default);
        var variants = new PhotoVariants(PhotoKeys.Thumbnail(photo.PhotoId), PhotoKeys.Display(photo.PhotoId));

        await Index.RecordImagesAsync(photo.PhotoId, ImagesOutcome.Failed("Timed out."), default);
        await Index.RecordImagesAsync(photo.PhotoId, ImagesOutcome.Ready(variants, 640, 480), default);

        AssertSame(await Index.FindAsync(photo.PhotoId, default),
            photo with { ImageState = ImageState.Ready, Variants = variants, Width = 640, Height = 480, ImageProblem = null });
    }

    [Test]
    public async Task SaveAsync_PendingThenComplete_ListsAndFindsIt()
    {
        var pending = Photos.Pending("Harbour lights", Photos.Epoch.AddHours(24));
        await Index.SaveAsync(pending, default);
        await Index.SaveAsync(pending with { Status = PhotoStatus.Complete, ExpiresAt = null, Width = 8, Height = 6 }, default);

        Assert.That(Ids((await Index.ListAsync(new PageRequest(10, null), default)).Photos), Is.EqualTo(new[] { pending.PhotoId }));
        Assert.That(Ids((await SearchAsync("harb")).Photos), Is.EqualTo(new[] { pending.PhotoId }));
        Assert.That((await Index.FindAsync(pending.PhotoId, default))?.ExpiresAt, Is.Null);
    }

    [Test]
    public async Task SaveAsync_SamePhotoTwice_ListsAndFindsItOnce()
    {
        var photo = Photos.Complete("Twice saved");
        await Index.SaveAsync(photo, default);
        await Index.SaveAsync(photo, default);

        Assert.That(Ids((await Index.ListAsync(new PageRequest(10, null), default)).Photos), Is.EqualTo(new[] { photo.PhotoId }));
        Assert.That(Ids((await SearchAsync("twice")).Photos), Is.EqualTo(new[] { photo.PhotoId }));
    }

    [Test]
    public async Task SaveAsync_TitleChanged_OldWordsNoLongerFindIt()
    {
        var photo = Photos.Complete("Mountain lake");
        await Index.SaveAsync(photo, default);
        await Index.SaveAsync(photo with { Title = "River delta" }, default);

        Assert.That((await SearchAsync("mountain")).Photos, Is.Empty);
        Assert.That(Ids((await SearchAsync("delta")).Photos), Is.EqualTo(new[] { photo.PhotoId }));
    }

    [Test]
    public async Task ListAsync_SeveralPhotos_NewestFirstThenByIdDescending()
    {
        var older = Photos.Complete("a", createdAt: Photos.Epoch);
        var sameTimeA = Photos.Complete("b", createdAt: Photos.Epoch.AddMinutes(1));
        var sameTimeB = Photos.Complete("c", createdAt: Photos.Epoch.AddMinutes(1));
        foreach (var photo in new[] { sameTimeA, older, sameTimeB }) await Index.SaveAsync(photo, default);

        var listed = await Index.ListAsync(new PageRequest(10, null), default);

        var expected = new[] { sameTimeA, sameTimeB }.Select(p => p.PhotoId).Order(StringComparer.Ordinal).Reverse().Append(older.PhotoId);
        Assert.That(Ids(listed.Photos), Is.EqualTo(expected));
        Assert.That(listed.NextCursor, Is.Null);
    }

    [Test]
    public async Task ListAsync_PagedToTheEnd_ReturnsEveryPhotoOnceInFullPages()
    {
        var saved = new List<Photo>();
        for (var i = 0; i < 7; i++)
        {
            var photo = Photos.Complete($"Photo {i}", createdAt: Photos.Epoch.AddMinutes(i));
            saved.Add(photo);
            await Index.SaveAsync(photo, default);
        }

        var pages = await AllPagesAsync(page => Index.ListAsync(page, default), limit: 3);

        Assert.That(pages.Select(p => p.Count), Is.EqualTo(new[] { 3, 3, 1 }));
        Assert.That(pages.SelectMany(Ids), Is.EqualTo(saved.AsEnumerable().Reverse().Select(p => p.PhotoId)));
    }

    [Test]
    public async Task ListAsync_ExactlyOnePageOfPhotos_HasNoNextCursor()
    {
        for (var i = 0; i < 3; i++) await Index.SaveAsync(Photos.Complete($"Photo {i}", createdAt: Photos.Epoch.AddMinutes(i)), default);

        var page = await Index.ListAsync(new PageRequest(3, null), default);

        Assert.That(page.Photos, Has.Count.EqualTo(3));
        Assert.That(page.NextCursor, Is.Null);
    }

    [TestCase("not-a-cursor")]
    [TestCase("djF8bm9wZQ")]
    [TestCase("ZDF8MjAyNi0xMS0yMlQwODowMDowMC4wMDBaI25vdC1hbi1pZA")]
    public async Task ListAsync_CursorItDidNotIssue_ThrowsInvalidCursor(string cursor)
    {
        var error = await Assert.ThrowsAsync<GalleryException>(() => Index.ListAsync(new PageRequest(10, cursor), default));
        Assert.That(error!.Code, Is.EqualTo(ErrorCode.InvalidCursor));
    }

    [Test]
    public async Task SearchAsync_CursorItDidNotIssue_ThrowsInvalidCursor()
    {
        var error = await Assert.ThrowsAsync<GalleryException>(() => Index.SearchAsync(SearchQuery.Parse("sun"), new PageRequest(10, "bogus"), default));
        Assert.That(error!.Code, Is.EqualTo(ErrorCode.InvalidCursor));
    }

    [Test]
    public async Task SearchAsync_PrefixOfAWord_FindsThePhoto()
    {
        var photo = Photos.Complete("Sunset at the beach");
        await Index.SaveAsync(photo, default);

        Assert.That(Ids((await SearchAsync("sun bea")).Photos), Is.EqualTo(new[] { photo.PhotoId }));
    }

    [Test]
    public async Task SearchAsync_MiddleOfAWord_DoesNotFindThePhoto()
    {
        await Index.SaveAsync(Photos.Complete("Sunset"), default);

        Assert.That((await SearchAsync("set")).Photos, Is.Empty);
    }

    [Test]
    public async Task SearchAsync_OneWordMissing_DoesNotFindThePhoto()
    {
        await Index.SaveAsync(Photos.Complete("Sunset at the beach"), default);

        Assert.That((await SearchAsync("sunset forest")).Photos, Is.Empty);
    }

    [TestCase("CAFÉ")]
    [TestCase("cafe")]
    [TestCase("Caf")]
    [TestCase("lodz")]
    [TestCase("ŁÓDŹ")]
    public async Task SearchAsync_AnyCaseOrAccents_FindsThePhoto(string query)
    {
        var photo = Photos.Complete("Café in Łódź");
        await Index.SaveAsync(photo, default);

        Assert.That(Ids((await SearchAsync(query)).Photos), Is.EqualTo(new[] { photo.PhotoId }));
    }

    [TestCase("harbour")]
    [TestCase("night")]
    [TestCase("élodie")]
    [TestCase("long exposure")]
    public async Task SearchAsync_WordFromDescriptionTagsOrOwner_FindsThePhoto(string query)
    {
        var photo = Photos.Complete("Untitled", "Taken at the harbour", owner: "Elodie", tags: ["night", "long exposure"]);
        await Index.SaveAsync(photo, default);

        Assert.That(Ids((await SearchAsync(query)).Photos), Is.EqualTo(new[] { photo.PhotoId }));
    }

    [Test]
    public async Task SearchAsync_LongWordsSharingAPrefix_FindsOnlyTheOneThatStartsWithTheQuery()
    {
        var photographer = Photos.Complete("Photographer");
        var photographs = Photos.Complete("Photographs", createdAt: Photos.Epoch.AddMinutes(1));
        await Index.SaveAsync(photographer, default);
        await Index.SaveAsync(photographs, default);

        Assert.That(Ids((await SearchAsync("photographe")).Photos), Is.EqualTo(new[] { photographer.PhotoId }));
        Assert.That(Ids((await SearchAsync("photograph")).Photos), Is.EqualTo(new[] { photographs.PhotoId, photographer.PhotoId }));
    }

    [Test]
    public async Task SearchAsync_ManyMatches_PagesNewestFirstToTheEnd()
    {
        var matching = new List<Photo>();
        for (var i = 0; i < 9; i++)
        {
            var photo = Photos.Complete(i % 3 == 0 ? $"Forest {i}" : $"Sunny {i}", createdAt: Photos.Epoch.AddMinutes(i));
            if (i % 3 != 0) matching.Add(photo);
            await Index.SaveAsync(photo, default);
        }

        var pages = await AllPagesAsync(page => Index.SearchAsync(SearchQuery.Parse("sun"), page, default), limit: 4);

        Assert.That(pages.Select(p => p.Count), Is.EqualTo(new[] { 4, 2 }));
        Assert.That(pages.SelectMany(Ids), Is.EqualTo(matching.AsEnumerable().Reverse().Select(p => p.PhotoId)));
    }

    /// <summary>
    /// Random galleries and random queries (prefixes, several words, repeated words, other cases and accents)
    /// paged with random page sizes: the pages, put together, are exactly what the rule itself picks.
    /// </summary>
    [TestCase(11)]
    [TestCase(29)]
    public async Task SearchAsync_RandomGalleriesAndQueries_EqualsTheBruteForceOracle(int seed)
    {
        var random = new Random(seed);
        var gallery = RandomGallery.Photos(random, count: 45);
        foreach (var photo in gallery) await Index.SaveAsync(photo, default);

        for (var i = 0; i < 30; i++)
        {
            var query = SearchQuery.Parse(RandomGallery.Query(random));
            var limit = random.Next(1, 8);
            var expected = gallery
                .Where(p => p.IsVisible && query.Matches(p.SearchWords()))
                .OrderByDescending(p => p.CreatedAtText, StringComparer.Ordinal).ThenByDescending(p => p.PhotoId, StringComparer.Ordinal)
                .Select(p => p.PhotoId).ToList();

            var pages = await AllPagesAsync(page => Index.SearchAsync(query, page, default), limit);

            Assert.That(pages.SelectMany(Ids), Is.EqualTo(expected), $"query '{query.Text}', limit {limit}");
            Assert.That(pages.SkipLast(1).All(p => p.Count == limit), Is.True, $"query '{query.Text}': a page before the last is short");
        }
    }

    protected Task<PhotoPage> SearchAsync(string text, int limit = 50) =>
        Index.SearchAsync(SearchQuery.Parse(text), new PageRequest(limit, null), default);

    protected static IEnumerable<string> Ids(IEnumerable<Photo> photos) => photos.Select(p => p.PhotoId);

    /// <summary>Follows the cursors to the end; fails on a loop.</summary>
    protected static async Task<List<IReadOnlyList<Photo>>> AllPagesAsync(Func<PageRequest, Task<PhotoPage>> read, int limit)
    {
        var pages = new List<IReadOnlyList<Photo>>();
        string? cursor = null;
        do
        {
            var page = await read(new PageRequest(limit, cursor));
            Assert.That(page.Photos, Has.Count.LessThanOrEqualTo(limit));
            pages.Add(page.Photos);
            cursor = page.NextCursor;
            Assert.That(pages, Has.Count.LessThan(1000), "the cursors never end");
        } while (cursor is not null);
        return pages;
    }

    protected static void AssertSame(Photo? actual, Photo expected)
    {
        Assert.That(actual, Is.Not.Null);
        Assert.That(actual! with { Tags = [] }, Is.EqualTo(expected with { Tags = [] }));
        Assert.That(actual.Tags, Is.EqualTo(expected.Tags));
    }
}

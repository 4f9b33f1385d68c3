using System.Globalization;

namespace PhotoGallery.Benchmarks;

/// <summary>A ratio between two sizes' percentiles, and the 90 % interval its run supports.</summary>
public readonly record struct RatioEstimate(double Value, double Low, double High)
{
    public override string ToString() => Low == High && Low == Value
        ? $"×{Format(Value)}"
        : $"×{Format(Value)} ({Format(Low)}–{Format(High)})";

    private static string Format(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}

/// <summary>Percentiles of timed samples, and how far one run's ratio between two sizes can be trusted.</summary>
public static class Statistics
{
    /// <summary>How many times <see cref="PercentileRatio"/> resamples a run.</summary>
    public const int Resamples = 2000;

    /// <summary>Fixed, so that one run's output always prints the same interval.</summary>
    private const int Seed = 16;

    /// <summary>The nearest-rank percentile: the smallest sample with at least that share of the samples at or below it.</summary>
    public static double Percentile(IEnumerable<double> values, double percentile)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0) throw new ArgumentException("A percentile needs at least one sample.", nameof(values));
        return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    /// <summary>
    /// The ratio of <paramref name="samples"/>' percentile to <paramref name="reference"/>'s, both pooled over every
    /// query, with a 90 % interval from a paired, stratified bootstrap: each resample draws, for every query, as many
    /// rounds as were run (with replacement) and takes the sample of that round from both sides.
    /// <para>
    /// Paired, because the sizes were timed in alternation: a query's samples of one round were taken moments apart
    /// at every size, so a busy moment of the machine lands on both sides of a resample, as it did in the run.
    /// Stratified by query, because the mix of queries is fixed by the benchmark, not drawn: a resample keeps every
    /// query's share and only asks which of its rounds the run might as well have seen. A p95 over a few hundred
    /// searches is set by a handful of them (the slowest query's slower rounds), so this interval is often wide:
    /// a goal is met by a run only when its whole interval is.
    /// </para>
    /// </summary>
    /// <param name="samples">query → one sample per round, in round order</param>
    /// <param name="reference">the same queries and rounds at the reference size</param>
    public static RatioEstimate PercentileRatio(IReadOnlyDictionary<string, List<double>> samples,
        IReadOnlyDictionary<string, List<double>> reference, double percentile)
    {
        var queries = samples.Keys.Order(StringComparer.Ordinal).ToList();
        foreach (var query in queries)
        {
            if (!reference.TryGetValue(query, out var paired) || paired.Count != samples[query].Count)
                throw new ArgumentException($"Query '{query}' was not timed as many rounds at both sizes: the samples cannot be paired.", nameof(reference));
        }
        if (reference.Count != queries.Count)
            throw new ArgumentException("The reference holds queries the samples do not: the samples cannot be paired.", nameof(reference));

        var value = Percentile(samples.Values.SelectMany(s => s), percentile) / Percentile(reference.Values.SelectMany(s => s), percentile);
        var random = new Random(Seed);
        var ratios = new double[Resamples];
        var drawn = new List<double>();
        var drawnReference = new List<double>();
        for (var r = 0; r < Resamples; r++)
        {
            drawn.Clear();
            drawnReference.Clear();
            foreach (var query in queries)
            {
                var rounds = samples[query].Count;
                for (var i = 0; i < rounds; i++)
                {
                    var round = random.Next(rounds);
                    drawn.Add(samples[query][round]);
                    drawnReference.Add(reference[query][round]);
                }
            }
            ratios[r] = Percentile(drawn, percentile) / Percentile(drawnReference, percentile);
        }
        return new RatioEstimate(value, Percentile(ratios, 5), Percentile(ratios, 95));
    }
}

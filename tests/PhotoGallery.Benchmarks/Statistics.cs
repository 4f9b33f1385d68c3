using System.Globalization;

namespace PhotoGallery.Benchmarks;

/// <summary>A ratio between two sizes' percentiles, and the 90 % interval its run supports.</summary>
public readonly record struct RatioEstimate(double Value, double Low, double High)
{
    /// <summary>No ratio: the reference's percentile is zero or not a number (CPU time where the clock is not read).</summary>
    public static readonly RatioEstimate None = new(double.NaN, double.NaN, double.NaN);

    public override string ToString() =>
        double.IsNaN(Value) ? "—"
        : Low == High && Low == Value ? $"×{Format(Value)}"
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
    /// query, with a 90 % interval from a bootstrap over rounds: each resample draws as many rounds as were run, with
    /// replacement, and takes every query's sample of each drawn round from both sides.
    /// <para>
    /// Whole rounds, paired, because that is how the run took them: a round times every query once at every size, the
    /// sizes of a query moments apart, so a busy stretch of the machine lands on both sides and on neighbouring
    /// queries alike, and a resample keeps it so. And the mix of queries is the benchmark's, not chance's: every
    /// resample holds each query once a round. What the interval cannot see is what the run did not vary: another
    /// fill of the emulator, another load, another moment. A p95 over a few hundred searches is set by a handful of
    /// them (the slowest query's slower rounds), so the interval is wide at a few rounds; a goal is met by a run
    /// only when its whole interval lies within it.
    /// </para>
    /// </summary>
    /// <param name="samples">query → one sample per round, in round order</param>
    /// <param name="reference">the same queries and rounds at the reference size</param>
    public static RatioEstimate PercentileRatio(IReadOnlyDictionary<string, List<double>> samples,
        IReadOnlyDictionary<string, List<double>> reference, double percentile)
    {
        var queries = samples.Keys.Order(StringComparer.Ordinal).ToList();
        var rounds = queries.Count == 0 ? 0 : samples[queries[0]].Count;
        foreach (var query in queries)
        {
            if (samples[query].Count != rounds || !reference.TryGetValue(query, out var paired) || paired.Count != rounds)
                throw new ArgumentException($"Query '{query}' was not timed in every round at both sizes: the samples cannot be paired.", nameof(reference));
        }
        if (reference.Count != queries.Count)
            throw new ArgumentException("The reference holds queries the samples do not: the samples cannot be paired.", nameof(reference));

        var referencePercentile = Percentile(reference.Values.SelectMany(s => s), percentile);
        var value = Percentile(samples.Values.SelectMany(s => s), percentile) / referencePercentile;
        if (!(referencePercentile > 0) || !double.IsFinite(value)) return RatioEstimate.None;

        var random = new Random(Seed);
        var ratios = new double[Resamples];
        var drawn = new List<double>();
        var drawnReference = new List<double>();
        for (var r = 0; r < Resamples; r++)
        {
            drawn.Clear();
            drawnReference.Clear();
            for (var i = 0; i < rounds; i++)
            {
                var round = random.Next(rounds);
                foreach (var query in queries)
                {
                    drawn.Add(samples[query][round]);
                    drawnReference.Add(reference[query][round]);
                }
            }
            ratios[r] = Percentile(drawn, percentile) / Percentile(drawnReference, percentile);
        }
        return new RatioEstimate(value, Percentile(ratios, 5), Percentile(ratios, 95));
    }
}

using NUnit.Framework;
using PhotoGallery.Benchmarks;

namespace PhotoGallery.Tests.Benchmarks;

public sealed class StatisticsTests
{
    [TestCase(50, 5)]
    [TestCase(95, 10)]
    [TestCase(10, 1)]
    [TestCase(0, 1)]
    [TestCase(100, 10)]
    public void Percentile_OneToTen_NearestRank(double percentile, double expected)
    {
        var values = Enumerable.Range(1, 10).Select(i => (double)i).Reverse();

        Assert.That(Statistics.Percentile(values, percentile), Is.EqualTo(expected));
    }

    [Test]
    public void Percentile_NoSamples_Throws() =>
        Assert.That(() => Statistics.Percentile([], 95), Throws.ArgumentException);

    [Test]
    public void PercentileRatio_EveryRoundTwiceAsSlow_ExactlyTwoInEveryResample()
    {
        var reference = Samples(seed: 1);
        var doubled = reference.ToDictionary(pair => pair.Key, pair => pair.Value.Select(ms => ms * 2).ToList());

        var ratio = Statistics.PercentileRatio(doubled, reference, 95);

        // Paired by round: whatever rounds a resample draws, each side holds the same ones, so the ratio never moves.
        Assert.That((ratio.Value, ratio.Low, ratio.High), Is.EqualTo((2.0, 2.0, 2.0)));
        Assert.That(ratio.ToString(), Is.EqualTo("×2.00"));
    }

    [Test]
    public void PercentileRatio_IndependentNoiseOfOneDistribution_IntervalAroundOneAndNotEmpty()
    {
        var ratio = Statistics.PercentileRatio(Samples(seed: 1), Samples(seed: 2), 95);

        Assert.That(ratio.Low, Is.LessThan(ratio.High));
        Assert.That(ratio.Low, Is.LessThanOrEqualTo(ratio.Value));
        Assert.That(ratio.High, Is.GreaterThanOrEqualTo(ratio.Value));
        Assert.That(ratio.Low, Is.LessThan(1.0));
        Assert.That(ratio.High, Is.GreaterThan(1.0));
        Assert.That(ratio.ToString(), Does.Match(@"^×\d\.\d\d \(\d\.\d\d–\d\.\d\d\)$"));
    }

    [Test]
    public void PercentileRatio_SameRun_SameInterval()
    {
        var samples = Samples(seed: 3);
        var reference = Samples(seed: 4);

        Assert.That(Statistics.PercentileRatio(samples, reference, 95), Is.EqualTo(Statistics.PercentileRatio(samples, reference, 95)));
    }

    [Test]
    public void PercentileRatio_KeepsEveryQuerysShare()
    {
        // Half the samples are 1 ms, half 10 ms. Every resample holds each query once a round, so it keeps that
        // half-and-half and its median stays 1; drawn from the pool, some 40 % of the resamples would hold more 10s.
        var samples = new Dictionary<string, List<double>> { ["fast"] = [.. Enumerable.Repeat(1.0, 7)], ["slow"] = [.. Enumerable.Repeat(10.0, 7)] };
        var reference = new Dictionary<string, List<double>> { ["fast"] = [.. Enumerable.Repeat(1.0, 7)], ["slow"] = [.. Enumerable.Repeat(1.0, 7)] };

        var ratio = Statistics.PercentileRatio(samples, reference, 50);

        Assert.That((ratio.Value, ratio.Low, ratio.High), Is.EqualTo((1.0, 1.0, 1.0)));
    }

    [Test]
    public void PercentileRatio_SlowerRoundsAtOneSize_IntervalAboveOne()
    {
        var reference = Samples(seed: 5);
        var slower = reference.ToDictionary(pair => pair.Key, pair => pair.Value.Select((ms, round) => ms * (round % 2 == 0 ? 1.6 : 1.9)).ToList());

        var ratio = Statistics.PercentileRatio(slower, reference, 95);

        Assert.That(ratio.Low, Is.GreaterThanOrEqualTo(1.6));
        Assert.That(ratio.High, Is.LessThanOrEqualTo(1.9));
    }

    [Test]
    public void PercentileRatio_OneSlowRound_DrawnWholeOrNotAtAll()
    {
        // Round 0 was slow for every query at the larger size (a busy stretch of the machine), the other nine fast.
        // Its 28 samples are the top 10 %, so the run's p95 is 10. A resample draws round 0 with all its queries or
        // not at all; a third of them leave it out (0.9^10) and their p95 is 1. Drawn query by query, the slow share
        // would stay near 10 % and the p95 at 10 in nearly every resample: an interval that forgets the stretch was one.
        var reference = Enumerable.Range(0, 28).ToDictionary(q => $"q{q}", _ => Enumerable.Repeat(1.0, 10).ToList());
        var slowFirstRound = reference.ToDictionary(pair => pair.Key, pair => pair.Value.Select((_, round) => round == 0 ? 10.0 : 1.0).ToList());

        var ratio = Statistics.PercentileRatio(slowFirstRound, reference, 95);

        Assert.That((ratio.Value, ratio.Low, ratio.High), Is.EqualTo((10.0, 1.0, 10.0)));
    }

    [TestCase(0.0)]
    [TestCase(double.NaN)]
    public void PercentileRatio_ReferenceOfZeroOrNotANumber_NoRatio(double referenceValue)
    {
        var samples = Samples(seed: 10);
        var reference = samples.ToDictionary(pair => pair.Key, pair => pair.Value.Select(_ => referenceValue).ToList());

        var ratio = Statistics.PercentileRatio(samples, reference, 95);

        Assert.That(ratio, Is.EqualTo(RatioEstimate.None));
        Assert.That(ratio.ToString(), Is.EqualTo("—"));
    }

    [Test]
    public void PercentileRatio_RoundsMissingAtOneSize_Throws()
    {
        var samples = Samples(seed: 6);
        var reference = Samples(seed: 7);
        reference["q0"].RemoveAt(0);

        Assert.That(() => Statistics.PercentileRatio(samples, reference, 95),
            Throws.ArgumentException.With.Message.Contains("'q0' was not timed in every round"));
    }

    [Test]
    public void PercentileRatio_QueryOnlyInReference_Throws()
    {
        var samples = Samples(seed: 8);
        var reference = Samples(seed: 9);
        reference["extra"] = [1, 2, 3, 4, 5, 6, 7];

        Assert.That(() => Statistics.PercentileRatio(samples, reference, 95), Throws.ArgumentException);
    }

    /// <summary>28 queries of 7 rounds, as in a short benchmark run: each query its own typical time, with noise.</summary>
    private static Dictionary<string, List<double>> Samples(int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, 28).ToDictionary(q => $"q{q}",
            q => Enumerable.Range(0, 7).Select(_ => (1 + q * 0.2) * (0.8 + random.NextDouble() * 0.6)).ToList());
    }
}

using System.Runtime.InteropServices;
using NnPhys.Experiments;
using NnPhys.FokkerPlanck;
using NnPhys.IO;

namespace NnPhys.Tests.FokkerPlanck;

/// <summary>
/// The theory's independent pieces run concurrently (<see cref="TheoryParallel"/>): drift modes × layers, empirical densities
/// and comparisons per epoch, null models per (model, epoch), grid-check re-runs. The results must be those of the serial
/// loop bit for bit (every array of the run directory, every score), and a failure must surface as the serial loop's would.
/// </summary>
public class TheoryParallelTests
{
    static readonly FokkerPlanckOptions Small = new() { GridSize = 40, KdeGridSize = 32, MinSubstepsPerEpoch = 20, DriftRefreshesPerEpoch = 4 };

    static void AssertSameArrays(FokkerPlanckReproductionResult serial, FokkerPlanckReproductionResult parallel)
    {
        var a = FokkerPlanckResultArrays.ToNpyArrays(serial);
        var b = FokkerPlanckResultArrays.ToNpyArrays(parallel);
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        foreach (var (name, array) in a)
        {
            Assert.Equal(array.Shape, b[name].Shape);
            Assert.True(Bytes(array).SequenceEqual(Bytes(b[name])), $"array {name} differs between the serial and the parallel run");
        }
        Assert.Equal(serial.Notes, parallel.Notes);
    }

    static byte[] Bytes(NpyArray array) => array.Data switch
    {
        double[] d => MemoryMarshal.AsBytes(d.AsSpan()).ToArray(),
        float[] f => MemoryMarshal.AsBytes(f.AsSpan()).ToArray(),
        long[] l => MemoryMarshal.AsBytes(l.AsSpan()).ToArray(),
        int[] i => MemoryMarshal.AsBytes(i.AsSpan()).ToArray(),
        byte[] b => b,
        var other => throw new InvalidOperationException($"unexpected element type {other.GetType()}"),
    };

    [Theory]
    [InlineData(TheoryStart.FromPreviousEpoch)]
    [InlineData(TheoryStart.FreeRunning)]
    public void ReproductionInParallelEqualsTheSerialRunBitForBit(TheoryStart start)
    {
        var trajectory = SyntheticTraining.Run(b1Rows: 30, evalCount: 50, epochs: 5, noise: 0.05);
        var options = Small with { Start = start };
        var phases = new List<string>();
        var serial = FokkerPlanckReproduction.Run(trajectory, options, maxDegreeOfParallelism: 1);
        var parallel = FokkerPlanckReproduction.Run(trajectory, options, maxDegreeOfParallelism: 4, timing: (name, _) => phases.Add(name));
        AssertSameArrays(serial, parallel);
        Assert.Equal(["empirical_densities", "evolutions", "comparisons"], phases);
        Assert.True(serial[DriftMode.Measured].Metrics[3].PearsonB1 > 0.5);   // a real run, not two empty ones
    }

    [Fact]
    public void NullModelsAndGridCheckInParallelEqualTheSerialScores()
    {
        var trajectory = SyntheticTraining.Run(b1Rows: 30, evalCount: 50, epochs: 4);
        Assert.Equal(NullModels.Score(trajectory, 4, 32, maxDegreeOfParallelism: 1), NullModels.Score(trajectory, 4, 32, maxDegreeOfParallelism: 3),
                     new NullScoresComparer());
        var runs = new[] { TheoryStart.FromPreviousEpoch, TheoryStart.FreeRunning }
            .Select(p => (p, FokkerPlanckReproduction.Run(trajectory, Small with { Start = p, RunKpz = false }))).ToList();
        var serial = GridConvergence.Check(trajectory, runs, epoch: 2, maxDegreeOfParallelism: 1);
        var parallel = GridConvergence.Check(trajectory, runs, epoch: 2, maxDegreeOfParallelism: 4);
        Assert.Equal(serial, parallel);   // records: every field equal (doubles exactly)
        Assert.Equal(8, serial.Count);
    }

    sealed class NullScoresComparer : IEqualityComparer<IReadOnlyList<NullModelScores>>
    {
        public bool Equals(IReadOnlyList<NullModelScores>? x, IReadOnlyList<NullModelScores>? y) =>
            x!.Count == y!.Count && x.Zip(y).All(p => p.First.Model == p.Second.Model && p.First.B1.SequenceEqual(p.Second.B1) && p.First.B2.SequenceEqual(p.Second.B2));
        public int GetHashCode(IReadOnlyList<NullModelScores> obj) => obj.Count;
    }

    [Fact]
    public void MapKeepsTheOrderAndReportsTheLowestFailingIndexUnwrapped()
    {
        Assert.Equal(Enumerable.Range(0, 100).Select(i => i * i), TheoryParallel.Map(100, i => { Thread.SpinWait(1000 * (i % 7)); return i * i; }, 4));
        var failure = Assert.Throws<InvalidConfigException>(() => TheoryParallel.Map(50, i => i % 10 == 3 ? throw new InvalidConfigException($"item {i}") : i, 4));
        Assert.Equal("item 3", failure.Message);
        Assert.Throws<OperationCanceledException>(() => TheoryParallel.Map(10, i => i, 2, new CancellationToken(canceled: true)));
        Assert.Throws<ArgumentOutOfRangeException>(() => TheoryParallel.Map(3, i => i, 0));
        Assert.Empty(TheoryParallel.Map(0, i => i));
    }
}

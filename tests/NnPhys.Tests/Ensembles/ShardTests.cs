using NnPhys.Ensembles;
using NnPhys.Numerics.Sampling;

namespace NnPhys.Tests.Ensembles;

/// <summary>Scale-out: shards by stream range, saved, reloaded and merged, equal one run over the same streams.</summary>
public class ShardTests
{
    static readonly PointSet Points = new([[0.0, 0.0], [0.5, -0.5], [1.0, 0.3]]);
    static readonly int[][] Tuples = [[0, 1], [0, 1, 2, 2], [1]];

    [Fact]
    public void MergedShardFilesEqualOneRunToRoundOff()
    {
        var e = NeuronSumEnsemble.CosNet(2, 10);
        var dir = Path.Combine(Path.GetTempPath(), "nnphys-shards-" + Guid.NewGuid().ToString("N"));
        try
        {
            var paths = new List<string>();
            for (int k = 0; k < 3; k++)
            {
                var path = Path.Combine(dir, $"shard-{k}.json");
                EnsembleShard.Run(e, Points, Tuples, 42, k, 3, 1000).Save(path);
                paths.Add(path);
            }
            var merged = EnsembleShard.Merge(paths.AsEnumerable().Reverse().Select(EnsembleShard.Load).ToList());
            var single = Correlators.SampleNetworks(e, Points, Tuples, 42, 1000);
            Assert.Equal(new StreamRange(0, 1000), Assert.Single(merged.Streams));
            Assert.Equal(1000, merged.Accumulator.Count);
            for (int t = 0; t < Tuples.Length; t++)
            {
                var a = merged.Accumulator.TupleMoments(t); var b = single.TupleMoments(t);
                for (int i = 0; i < a.Length; i++) Assert.Equal(b.Mean[i], a.Mean[i], 13);
                for (int i = 0; i < a.Comoment.Length; i++) Assert.True(Math.Abs(a.Comoment[i] - b.Comoment[i]) <= 1e-11 * (1 + Math.Abs(b.Comoment[i])));
                Assert.Equal(CorrelatorEstimators.Connected(single, t).Value, CorrelatorEstimators.Connected(merged.Accumulator, t).Value, 12);
            }
            // a saved shard reloads bit-exactly
            var reloaded = EnsembleShard.Load(paths[0]);
            var original = EnsembleShard.Run(e, Points, Tuples, 42, 0, 3, 1000);
            Assert.True(reloaded.Accumulator.TupleMoments(1).Comoment.SequenceEqual(original.Accumulator.TupleMoments(1).Comoment));
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }

    [Fact]
    public void MergeRefusesDifferentConfigurationsAndOverlappingStreams()
    {
        var e = NeuronSumEnsemble.CosNet(2, 4);
        var a = EnsembleShard.Run(e, Points, Tuples, 1, 0, 2, 100);
        var otherSeed = EnsembleShard.Run(e, Points, Tuples, 2, 1, 2, 100);
        var otherWidth = EnsembleShard.Run(NeuronSumEnsemble.CosNet(2, 5), Points, Tuples, 1, 1, 2, 100);
        Assert.Contains("different configuration", Assert.Throws<InvalidConfigException>(() => EnsembleShard.Merge([a, otherSeed])).Message);
        Assert.Contains("different configuration", Assert.Throws<InvalidConfigException>(() => EnsembleShard.Merge([a, otherWidth])).Message);
        Assert.Contains("overlap", Assert.Throws<InvalidConfigException>(() => EnsembleShard.Merge([a, a])).Message);
        var thirds = EnsembleShard.Run(e, Points, Tuples, 1, 0, 3, 100); // streams [0, 33) overlap a's [0, 50)
        Assert.Contains("overlap", Assert.Throws<InvalidConfigException>(() => EnsembleShard.Merge([a, thirds])).Message);
        Assert.Throws<InvalidConfigException>(() => StreamRange.ParseShard("3"));
        Assert.Throws<InvalidConfigException>(() => StreamRange.Shard(2, 2, 100));
    }

    [Fact]
    public void CorruptOrForeignFilesAreRejected()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "{\"format\": \"something-else\"}");
            Assert.Throws<DataFileException>(() => EnsembleShard.Load(path));
            File.WriteAllText(path, "{\"format\": \"nnphys-ensem");
            Assert.Throws<DataFileException>(() => EnsembleShard.Load(path));
            Assert.Throws<DataFileException>(() => EnsembleShard.Load(path + ".missing"));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void StreamShardsTileTheRun()
    {
        long next = 0;
        for (int k = 0; k < 7; k++)
        {
            var r = StreamRange.Shard(k, 7, 1000);
            Assert.Equal(next, r.First);
            next = r.End;
        }
        Assert.Equal(1000, next);
    }
}

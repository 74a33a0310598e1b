using NnPhys.Cosmology;
using NnPhys.Cosmology.Experiments;

namespace NnPhys.Tests.Cosmology;

public class ScanTests
{
    [Fact]
    public void ShardsPartitionTheJobs()
    {
        var jobs = HyperparameterScan.Jobs(2, 0);
        var shards = Enumerable.Range(0, 3).SelectMany(k => HyperparameterScan.Shard(jobs, k, 3)).Select(j => j.Index).OrderBy(i => i).ToArray();
        Assert.Equal(Enumerable.Range(0, jobs.Count), shards);
        Assert.Equal(jobs.Count, HyperparameterScan.Settings().Count * 2);
        Assert.Throws<InvalidConfigException>(() => HyperparameterScan.Shard(jobs, 3, 3));
    }

    [Fact]
    public void MergeRefusesGapsMixedScansAndDuplicates()
    {
        var row = new ScanRow(0, 8, 1, "relu", 1, 0, 2, 0.01, 0.9, 0, 1, 10, 0.05, 0.001, 0.4, 0.05, 0.001, null);
        var a = new ScanShardFile("abc", 0, 2, 2, 1, 0, [row]);
        var dir = Path.Combine(Path.GetTempPath(), "nnphys-cosmo-merge-" + Guid.NewGuid().ToString("N"));
        Assert.Throws<InvalidConfigException>(() => ScanMerge.Write([a], dir, "test"));                                   // shard 1/2 missing
        Assert.Throws<InvalidConfigException>(() => ScanMerge.Write([a, a with { Fingerprint = "xyz", Shard = 1 }], dir, "test")); // different scans
        Assert.Throws<InvalidConfigException>(() => ScanMerge.Write([a, a], dir, "test"));                                // same shard twice
        Assert.False(Directory.Exists(dir));                                                                              // nothing written
    }
}

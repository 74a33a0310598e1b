if (args.Length > 0 && args[0] == "gemm-gflops")
{
    var sizes = args.Length > 1 ? args[1..].Select(int.Parse).ToArray() : [256, 512, 1024];
    NnPhys.Bench.GemmThroughput.Print(sizes);
    return;
}
BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(NnPhys.Bench.GemmThroughput).Assembly).Run(args);

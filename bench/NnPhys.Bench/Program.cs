if (args.Length > 0 && args[0] == "gemm-gflops")
{
    var sizes = args.Length > 1 ? args[1..].Select(int.Parse).ToArray() : [256, 512, 1024];
    NnPhys.Bench.GemmThroughput.Print(sizes);
    return;
}
if (args.Length > 0 && args[0] == "kernel-accuracy")
{
    NnPhys.Bench.KernelProfile.PrintAccuracy();
    return;
}
if (args.Length > 0 && args[0] == "kernel-profile")
{
    NnPhys.Bench.KernelProfile.Print(args.Length > 1 ? int.Parse(args[1]) : 2000, args.Length > 2 ? int.Parse(args[2]) : 7, args.Length > 3 ? double.Parse(args[3]) : 2.096);
    return;
}
BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(NnPhys.Bench.GemmThroughput).Assembly).Run(args);

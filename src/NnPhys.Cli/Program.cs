namespace NnPhys.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        Console.WriteLine("nnphys " + typeof(NnPhys.Numerics.Gemm).Assembly.GetName().Version);
        return 0;
    }
}

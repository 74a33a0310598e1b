namespace NnPhys.Ensembles.Experiments;

/// <summary>
/// A named architecture with its hyperparameters, as chosen on the command line (<c>--arch cos-net --width 100 …</c>).
/// <see cref="Build"/> turns it into an <see cref="INetworkEnsemble"/>; <see cref="WithWidth"/> rescales only N.
/// </summary>
public sealed record EnsembleSpec(string Architecture = "cos-net", int InputDimension = 2, int Width = 10,
    double SigmaW0 = 1, double SigmaB0 = 0.5, double SigmaW1 = 1, double Mass = 1, double Cutoff = 10,
    int Depth = 2, string Activation = "tanh", string Parameterization = "standard")
{
    /// <summary>The architecture names <see cref="Build"/> accepts.</summary>
    public static readonly string[] Names = ["cos-net", "gauss-net", "scalar-net", "single-layer", "mlp", "mlp-reference"];

    /// <summary>The ensemble this spec names.</summary>
    /// <exception cref="InvalidConfigException">Unknown architecture, activation or parameterization, or a bad hyperparameter.</exception>
    public INetworkEnsemble Build() => Architecture switch
    {
        "cos-net" => NeuronSumEnsemble.CosNet(InputDimension, Width, SigmaW0, SigmaW1),
        "gauss-net" => NeuronSumEnsemble.GaussNet(InputDimension, Width, SigmaW0, SigmaB0, SigmaW1),
        "scalar-net" => NeuronSumEnsemble.ScalarNet(InputDimension, Width, Mass, Cutoff, SigmaW1),
        "single-layer" => NeuronSumEnsemble.SingleLayer(InputDimension, Width, EnsembleActivations.Parse(Activation), SigmaW0, SigmaB0, SigmaW1),
        // "mlp": the shared Architectures description (the same one `Network<T>` trains); "mlp-reference": the independent MlpEnsemble
        "mlp" => new ArchitectureEnsemble(Architectures.Architecture.Mlp(InputDimension, Width, Depth, 1, Architectures.Activation.Parse(Activation),
            Parameterization.ToLowerInvariant() switch
            {
                "standard" => Architectures.Parameterization.Standard(SigmaW0, SigmaB0),
                "ntk" => Architectures.Parameterization.Ntk(SigmaW0, SigmaB0),
                _ => throw new InvalidConfigException($"Unknown parameterization '{Parameterization}'; use standard or ntk."),
            })),
        "mlp-reference" => new MlpEnsemble(InputDimension, Width, Depth, EnsembleActivations.Parse(Activation), SigmaW0, SigmaB0, Parameterization.ToLowerInvariant() switch
        {
            "standard" => MlpParameterization.Standard,
            "ntk" => MlpParameterization.Ntk,
            _ => throw new InvalidConfigException($"Unknown parameterization '{Parameterization}'; use standard or ntk."),
        }),
        _ => throw new InvalidConfigException($"Unknown architecture '{Architecture}'; use one of {string.Join(", ", Names)}."),
    };

    /// <summary>The same spec at another width.</summary>
    public EnsembleSpec WithWidth(int width) => this with { Width = width };

    /// <summary>True when closed-form G2 and G4_c exist (Gauss-net, Cos-net).</summary>
    public bool HasClosedForms => Architecture is "cos-net" or "gauss-net";

    /// <summary>Closed-form G2 (Gauss-net, Cos-net) or NaN.</summary>
    public double AnalyticTwoPoint(double[] x, double[] y) => HasClosedForms ? AnalyticCorrelators.TwoPoint(x, y, SigmaW0, SigmaW1)
        : Architecture == "scalar-net" ? ScalarNetPropagator.Position(Distance(x, y), InputDimension, Mass, Cutoff) : double.NaN;

    /// <summary>Closed-form G4_c (Gauss-net, Cos-net) or NaN.</summary>
    public double AnalyticConnectedFourPoint(double[][] x) => Architecture switch
    {
        "cos-net" => AnalyticCorrelators.CosNetConnectedFourPoint(x, Width, SigmaW0, SigmaW1),
        "gauss-net" => AnalyticCorrelators.GaussNetConnectedFourPoint(x, Width, SigmaW0, SigmaB0, SigmaW1),
        _ => double.NaN,
    };

    static double Distance(double[] x, double[] y)
    {
        double s = 0;
        for (int j = 0; j < x.Length; j++) s += (x[j] - y[j]) * (x[j] - y[j]);
        return Math.Sqrt(s);
    }
}

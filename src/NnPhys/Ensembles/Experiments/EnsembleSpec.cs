namespace NnPhys.Ensembles.Experiments;

/// <summary>
/// A named architecture with its hyperparameters, as chosen on the command line (<c>--arch cos-net --width 100 …</c>).
/// <see cref="Build"/> turns it into an <see cref="INetworkEnsemble"/>; <see cref="WithWidth"/> rescales only N.
/// Output weights of the neuron-sum architectures: <see cref="OutputWeights"/> "gaussian" (the paper's) or "uniform" on
/// [−a, a] with the same variance (a non-Gaussian P(w), eq. (35)); <see cref="OutputVariance"/> "paper" draws
/// w₁ ~ N(0, σ_w1²/(2N)) for Gauss-net (eq. (61)) and N(0, σ_w1²/N) for every other architecture (eq. (69)); "N" or "2N"
/// forces that denominator for all of them.
/// </summary>
public sealed record EnsembleSpec(string Architecture = "cos-net", int InputDimension = 2, int Width = 10,
    double SigmaW0 = 1, double SigmaB0 = 0.5, double SigmaW1 = 1, double Mass = 1, double Cutoff = 10,
    int Depth = 2, string Activation = "tanh", string Parameterization = "standard", string OutputWeights = "gaussian", string OutputVariance = "paper")
{
    static readonly Choices<string> ArchitectureTable = Table("an ensemble architecture", "cos-net", "gauss-net", "scalar-net", "single-layer", "mlp", "mlp-reference");
    static readonly Choices<string> OutputWeightTable = Table("an output-weight distribution", "gaussian", "uniform");
    static readonly Choices<string> OutputVarianceTable = Table("an output-weight variance convention", "paper", "N", "2N");

    static readonly Choices<MlpParameterization> ReferenceParameterizations = new("a parameterization of mlp-reference",
        [(["standard"], MlpParameterization.Standard), (["ntk"], MlpParameterization.Ntk)]);

    static Choices<string> Table(string what, params string[] names) => new(what, names.Select(n => (new[] { n }, n)));

    /// <summary>The architecture names <see cref="Build"/> accepts.</summary>
    public static IReadOnlyList<string> Names => ArchitectureTable.Names;
    /// <summary>The output-weight distributions of the neuron-sum architectures.</summary>
    public static IReadOnlyList<string> OutputWeightNames => OutputWeightTable.Names;
    /// <summary>The output-weight variance conventions.</summary>
    public static IReadOnlyList<string> OutputVarianceNames => OutputVarianceTable.Names;

    /// <summary>The architecture, read by the one name parser at construction (an unknown name lists the valid ones).</summary>
    public string Architecture { get; init => field = ArchitectureTable.Parse(value, "--arch"); } = ArchitectureTable.Parse(Architecture, "--arch");
    /// <summary>"gaussian" or "uniform".</summary>
    public string OutputWeights { get; init => field = OutputWeightTable.Parse(value, "--output-weights"); } = OutputWeightTable.Parse(OutputWeights, "--output-weights");
    /// <summary>"paper", "N" or "2N".</summary>
    public string OutputVariance { get; init => field = OutputVarianceTable.Parse(value, "--w1-variance"); } = OutputVarianceTable.Parse(OutputVariance, "--w1-variance");

    /// <summary>True for the architectures that are sums φ = Σ_i w_i ψ_i over i.i.d. neurons (eq. (44)).</summary>
    public bool IsNeuronSum => Architecture is "cos-net" or "gauss-net" or "scalar-net" or "single-layer";

    /// <summary>The denominator D of Var(w₁) = σ_w1²/D: 2N for Gauss-net under the paper's convention (eq. (61)), else N.</summary>
    public double OutputVarianceDenominator => OutputVariance switch
    {
        "paper" => Architecture == "gauss-net" ? 2.0 * Width : Width,
        "N" => Width,
        _ => 2.0 * Width, // "2N" (the only other name the table admits)
    };

    /// <summary>One line naming the output-weight law, for help, reports and manifests.</summary>
    public string OutputWeightConvention
    {
        get
        {
            if (Architecture is "mlp" or "mlp-reference") return $"output layer as every layer: weights N(0, σ_w²/fan-in) ({Parameterization} parameterization)";
            if (!IsNeuronSum) return "";
            string denominator = OutputVarianceDenominator == 2.0 * Width ? "(2N)" : "N";
            string law = OutputWeights == "uniform" ? $"Unif[−a, a] with variance σ_w1²/{denominator}" : $"N(0, σ_w1²/{denominator})";
            string source = OutputVariance != "paper" ? $"--w1-variance {OutputVariance}" : Architecture == "gauss-net" ? "paper eq. (61)" : "paper eq. (69)";
            return FormattableString.Invariant($"w₁ ~ {law}, variance {SigmaW1 * SigmaW1 / OutputVarianceDenominator:G4} ({source})");
        }
    }

    /// <summary>The ensemble this spec names.</summary>
    /// <exception cref="InvalidConfigException">Unknown architecture, activation or parameterization, or a bad hyperparameter.</exception>
    public INetworkEnsemble Build()
    {
        if (!IsNeuronSum && (OutputWeights != "gaussian" || OutputVariance != "paper"))
            throw new InvalidConfigException($"--output-weights and --w1-variance apply to the neuron-sum architectures (cos-net, gauss-net, scalar-net, single-layer), not to {Architecture}.");
        var ensemble = BuildWithPaperWeights();
        if (ensemble is not NeuronSumEnsemble sum || (OutputWeights == "gaussian" && OutputVariance == "paper")) return ensemble;
        Check.Positive(SigmaW1, "σ_w1");
        double variance = SigmaW1 * SigmaW1 / OutputVarianceDenominator;
        var weights = OutputWeights == "uniform" ? OutputWeightDistribution.Uniform(Math.Sqrt(3 * variance)) : OutputWeightDistribution.Gaussian(variance);
        return new NeuronSumEnsemble(sum.Name, sum.Neuron, sum.Width, weights);
    }

    INetworkEnsemble BuildWithPaperWeights() => Architecture switch
    {
        "cos-net" => NeuronSumEnsemble.CosNet(InputDimension, Width, SigmaW0, SigmaW1),
        "gauss-net" => NeuronSumEnsemble.GaussNet(InputDimension, Width, SigmaW0, SigmaB0, SigmaW1),
        "scalar-net" => NeuronSumEnsemble.ScalarNet(InputDimension, Width, Mass, Cutoff, SigmaW1),
        "single-layer" => NeuronSumEnsemble.SingleLayer(InputDimension, Width, Architectures.Activation.Parse(Activation), SigmaW0, SigmaB0, SigmaW1),
        // "mlp": the shared Architectures description (the same one `Network<T>` trains); "mlp-reference": the independent MlpEnsemble
        "mlp" => new ArchitectureEnsemble(Architectures.Architecture.Mlp(InputDimension, Width, Depth, 1, Architectures.Activation.Parse(Activation),
            SigmaW0, SigmaB0, Architectures.Parameterizations.Named(Parameterization))),
        "mlp-reference" => new MlpEnsemble(InputDimension, Width, Depth, Architectures.Activation.Parse(Activation), SigmaW0, SigmaB0, ReferenceParameterizations.Parse(Parameterization, "--parameterization")),
        _ => throw ArchitectureTable.Unknown(Architecture, "--arch"),
    };

    /// <summary>The same spec at another width.</summary>
    public EnsembleSpec WithWidth(int width) => this with { Width = width };

    /// <summary>True when closed-form G2 and G4_c exist (Gauss-net, Cos-net).</summary>
    public bool HasClosedForms => Architecture is "cos-net" or "gauss-net";

    /// <summary>Closed-form raw correlator ⟨Π_a φ(x_a)⟩ where the single-neuron moments are known (see <see cref="NeuronMomentClosedForms"/>), else NaN.</summary>
    public double ClosedFormMoment(IReadOnlyList<double[]> x) => Build() is NeuronSumEnsemble e ? NeuronMomentClosedForms.Moment(e, x) : double.NaN;

    /// <summary>Closed-form connected correlator where the single-neuron moments are known, else NaN.</summary>
    public double ClosedFormConnected(IReadOnlyList<double[]> x) => Build() is NeuronSumEnsemble e ? NeuronMomentClosedForms.Connected(e, x) : double.NaN;

    /// <summary>Closed-form G2 (Gauss-net, Cos-net, Scalar-net, single layer) or NaN.</summary>
    public double AnalyticTwoPoint(double[] x, double[] y) => ClosedFormMoment([x, y]);

    /// <summary>Closed-form G4_c (Gauss-net, Cos-net) or NaN.</summary>
    public double AnalyticConnectedFourPoint(double[][] x) => ClosedFormConnected(x);
}

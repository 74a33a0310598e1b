namespace NnPhys.Cosmology;

/// <summary>Settings of one input-dependent comparison (nn-cosmology-duality §2.2 and §3).</summary>
/// <param name="Network">The network (σ_b &gt; 0 makes f depend on x beyond a scale).</param>
/// <param name="Points">Training inputs N, equally spaced on [−HalfWidth, HalfWidth].</param>
/// <param name="HalfWidth">Half-width a of the input interval.</param>
/// <param name="Power">Loss power p.</param>
/// <param name="LearningRate">η.</param>
/// <param name="Momentum">μ.</param>
/// <param name="TargetOffset">Mean displacement of the targets: yᵢ = f₀(xᵢ) + offset·(1 + ripple·sin(πxᵢ/a)).</param>
/// <param name="Ripple">Relative size of the input-dependent part of the displacement (excites perturbation modes).</param>
/// <param name="MaxSteps">Cap on training steps.</param>
public sealed record ModeSettings(ScalarNetworkSpec Network, int Points = 32, double HalfWidth = 1.0, int Power = 2, double LearningRate = 0.01, double Momentum = 0.9,
    double TargetOffset = 1.0, double Ripple = 0.3, int MaxSteps = 200_000)
{
    /// <summary>Throws on an invalid field.</summary>
    public void Validate()
    {
        Network.Validate();
        if (Points <= 0) throw new InvalidConfigException($"Point count {Points} must be a positive integer, e.g. --points 32.");
        if (Points > 512) throw new InvalidConfigException($"Point count {Points} is too large for the N×P Jacobian of this experiment; use at most 512.");
        if (!(HalfWidth > 0) || !double.IsFinite(HalfWidth)) throw new InvalidConfigException($"Interval half-width {HalfWidth} must be finite and > 0, e.g. --half-width 1.");
        InflatonPotential.Check(Power);
        HeavyBallMapping.Check(LearningRate, Momentum);
        if (!double.IsFinite(TargetOffset) || TargetOffset == 0) throw new InvalidConfigException($"Target offset {TargetOffset} must be finite and non-zero, e.g. --target-offset 1.");
        if (!double.IsFinite(Ripple) || Math.Abs(Ripple) >= 1) throw new InvalidConfigException($"Ripple {Ripple} must lie in (−1, 1), e.g. --ripple 0.3.");
        if (MaxSteps <= 0) throw new InvalidConfigException($"Max steps {MaxSteps} must be positive.");
    }

    /// <summary>The inputs xᵢ (a single point sits at 0).</summary>
    public double[] Inputs() => Points == 1 ? [0.0] : Enumerable.Range(0, Points).Select(i => -HalfWidth + 2 * HalfWidth * i / (Points - 1)).ToArray();
}

/// <summary>
/// One seed of the mode analysis: the empirical NTK at initialisation and its modes, the trained outputs, the predictions
/// of m f̈ + 3H ḟ = −Θ₀ ∂L/∂f (eq. (9) with the NTK frozen at init, leading and corrected order), all projected on the
/// modes, and per mode the end error |pred(T) − a(T)| / |a(T) − a(0)| (the no-motion null scores exactly 1).
/// </summary>
public sealed record ModeRun(ulong Seed, double[] Inputs, double[] Targets, ModeDecomposition Modes, TrainingTrajectory Training,
    double[][] ActualModes, double[][] LeadingModes, double[][] CorrectedModes, double[] EndErrorLeading, double[] EndErrorCorrected, double[] ModeMotion)
{
    /// <summary>Runs one seed; a diverged or non-converging run has NaN errors.</summary>
    public static ModeRun Execute(ModeSettings settings, ulong seed)
    {
        settings.Validate();
        var x = settings.Inputs();
        var network = new ScalarNetwork(settings.Network, x, seed);
        var mapping = new HeavyBallMapping(settings.LearningRate, settings.Momentum);
        var loss = InflatonPotential.Loss(settings.Power);
        var f0 = network.Outputs();
        var y = f0.Select((f, i) => f + settings.TargetOffset * (1 + settings.Ripple * Math.Sin(Math.PI * x[i] / settings.HalfWidth))).ToArray();
        var ntk = network.Ntk();
        var modes = ModeDecomposition.Of(ntk);
        var training = TrainingTrajectory.Run(network, mapping, loss, y, settings.MaxSteps);
        int n = x.Length, steps = training.Outputs.Length - 1;
        var lossGradient = new double[n];
        void Force(double[] f, double[] g) // Θ₀ ∂L/∂f, ∂L/∂fᵢ = (fᵢ − yᵢ)^{p−1}/N
        {
            loss.LossAndGradient<double>(f, y, lossGradient, 1, loss.Normalization(n, 1));
            for (int i = 0; i < n; i++) { double s = 0; for (int j = 0; j < n; j++) s += ntk.Data[i * n + j] * lossGradient[j]; g[i] = s; }
        }
        var g0 = new double[n]; Force(f0, g0);
        var v0 = new double[n]; mapping.InitialVelocity(MappingOrder.Corrected, g0, v0);
        var leading = FieldEquation.For(mapping, MappingOrder.Leading, Force).Solve(f0, new double[n], mapping.TimeStep, steps, 8);
        var corrected = FieldEquation.For(mapping, MappingOrder.Corrected, Force).Solve(f0, v0, mapping.TimeStep, steps, 8);
        var actualModes = training.Outputs.Select(f => modes.Project(f)).ToArray();
        var leadingModes = leading.Select(f => modes.Project(f)).ToArray();
        var correctedModes = corrected.Select(f => modes.Project(f)).ToArray();
        var endLeading = new double[n]; var endCorrected = new double[n]; var motion = new double[n];
        int T = training.HorizonStep;
        for (int k = 0; k < n; k++)
        {
            if (!training.ReachedHorizon) { endLeading[k] = endCorrected[k] = motion[k] = double.NaN; continue; }
            var a = actualModes.Select(r => r[k]).ToArray();
            endLeading[k] = TrajectoryError.Of(a, leadingModes.Select(r => r[k]).ToArray(), T).EndError;
            endCorrected[k] = TrajectoryError.Of(a, correctedModes.Select(r => r[k]).ToArray(), T).EndError;
            motion[k] = Math.Abs(a[T] - a[0]);
        }
        return new ModeRun(seed, x, y, modes, training, actualModes, leadingModes, correctedModes, endLeading, endCorrected, motion);
    }
}

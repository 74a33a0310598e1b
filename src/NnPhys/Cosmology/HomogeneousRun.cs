namespace NnPhys.Cosmology;

/// <summary>Settings of one homogeneous-network comparison (one input point, nn-cosmology-duality §2.1 and §3).</summary>
/// <param name="Network">The network.</param>
/// <param name="Power">Loss power p (even).</param>
/// <param name="LearningRate">η.</param>
/// <param name="Momentum">μ.</param>
/// <param name="Input">The single input x.</param>
/// <param name="TargetOffset">y = f(x; θ₀) + offset: the minimum sits this far from the initial output, the same for every seed.</param>
/// <param name="MaxSteps">Cap on training steps.</param>
public sealed record HomogeneousSettings(ScalarNetworkSpec Network, int Power, double LearningRate, double Momentum, double Input = 1.0, double TargetOffset = 1.0, int MaxSteps = 200_000)
{
    /// <summary>Throws on any invalid field (before anything is written).</summary>
    /// <exception cref="InvalidConfigException">The message names the field and the fix.</exception>
    public void Validate()
    {
        Network.Validate();
        InflatonPotential.Check(Power);
        HeavyBallMapping.Check(LearningRate, Momentum);
        if (!double.IsFinite(Input)) throw new InvalidConfigException($"Input x = {Input} must be finite, e.g. --input 1.");
        if (!double.IsFinite(TargetOffset) || TargetOffset == 0) throw new InvalidConfigException($"Target offset {TargetOffset} must be finite and non-zero (the minimum must sit away from the initial output), e.g. --target-offset 1.");
        if (MaxSteps <= 0) throw new InvalidConfigException($"Max steps {MaxSteps} must be positive, e.g. --max-steps 200000.");
    }
}

/// <summary>
/// One seed of the homogeneous comparison: the trained f(t), the mean-field predictions from m f̈ + 3H ḟ + Θ̄ (f − y)^{p−1} = 0
/// with Θ̄ the empirical NTK at initialisation (eq. (7)), at leading and corrected order, the overdamped null
/// 3H ḟ = −Θ̄(f − y)^{p−1} and the no-motion null, all scored up to T.
/// </summary>
public sealed record HomogeneousRun(
    ulong Seed, double NtkAtInit, double NtkAtHorizon, double Target, TrainingTrajectory Training,
    double[] Leading, double[] Corrected, double[] GradientFlow,
    TrajectoryError LeadingError, TrajectoryError CorrectedError, TrajectoryError GradientFlowError, TrajectoryError NoMotionError)
{
    /// <summary>Runs one seed. A diverged or non-converging training run is returned with NaN errors (never thrown).</summary>
    public static HomogeneousRun Execute(HomogeneousSettings settings, ulong seed)
    {
        settings.Validate();
        var network = new ScalarNetwork(settings.Network, [settings.Input], seed);
        var mapping = new HeavyBallMapping(settings.LearningRate, settings.Momentum);
        var loss = InflatonPotential.Loss(settings.Power);
        double f0 = network.Outputs()[0], y = f0 + settings.TargetOffset;
        double ntk0 = network.Ntk().Data[0];
        var training = TrainingTrajectory.Run(network, mapping, loss, [y], settings.MaxSteps);
        double ntkEnd = network.Ntk().Data[0];
        var actual = training.Outputs.Select(r => r[0]).ToArray();
        int steps = actual.Length - 1;
        // homogeneous eq. (7): the force is Θ̄ ∂L/∂f with one point (N = 1)
        void Force(double[] f, double[] g) => g[0] = ntk0 * loss.Derivative(f[0], y);
        double[] Predict(double mass, double[] v0) =>
            new FieldEquation(mass, mapping.Friction, Force).Solve([f0], v0, mapping.TimeStep, steps, 8).Select(r => r[0]).ToArray();
        var v = new double[1];
        mapping.InitialVelocity(MappingOrder.Corrected, [ntk0 * loss.Derivative(f0, y)], v);
        var leading = Predict(mapping.Mass(MappingOrder.Leading), [0.0]);
        var corrected = Predict(mapping.Mass(MappingOrder.Corrected), v);
        var flow = Predict(0, [0.0]);
        if (!training.ReachedHorizon)
        {
            var nan = new TrajectoryError(double.NaN, double.NaN);
            return new HomogeneousRun(seed, ntk0, ntkEnd, y, training, leading, corrected, flow, nan, nan, nan, nan);
        }
        int T = training.HorizonStep;
        return new HomogeneousRun(seed, ntk0, ntkEnd, y, training, leading, corrected, flow,
            TrajectoryError.Of(actual, leading, T), TrajectoryError.Of(actual, corrected, T), TrajectoryError.Of(actual, flow, T), TrajectoryError.NoMotion(actual, T));
    }
}

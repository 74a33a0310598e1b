namespace NnPhys.Numerics;

/// <summary>
/// Dormand–Prince 5(4) (Hairer, Nørsett &amp; Wanner, Solving ODEs I, Table II.5.2) with FSAL and the standard step-size
/// controller, on one flat state vector (the batched network's N×W matrix). Steps are clipped to land exactly on the
/// requested end time, so outputs on a fixed grid need no interpolation. Error norm: RMS of err/(atol + rtol·|y|).
/// </summary>
/// <remarks>
/// The stateful, in-place companion of <see cref="DormandPrince45"/> (same tableau and controller family): it keeps its
/// stage buffers and step size between calls, so a large batched state (many trials of a network as one matrix) is
/// advanced from output time to output time with no allocation and without restarting the step-size control.
/// </remarks>
public sealed class DormandPrince45Stepper
{
    static readonly double[] C = [0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1, 1];
    static readonly double[][] A =
    [
        [],
        [1.0 / 5],
        [3.0 / 40, 9.0 / 40],
        [44.0 / 45, -56.0 / 15, 32.0 / 9],
        [19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729],
        [9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656],
        [35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84],
    ];
    // 5th-order weights are A[6]; the error weights are (5th − 4th order).
    static readonly double[] E = [71.0 / 57600, 0, -71.0 / 16695, 71.0 / 1920, -17253.0 / 339200, 22.0 / 525, -1.0 / 40];

    readonly double[][] _k;
    readonly double[] _stage, _next;
    bool _haveFirst;
    double _step;

    /// <summary>Relative and absolute tolerances.</summary>
    public double RelativeTolerance { get; }
    /// <inheritdoc cref="RelativeTolerance"/>
    public double AbsoluteTolerance { get; }
    /// <summary>Accepted and rejected steps so far.</summary>
    public long AcceptedSteps { get; private set; }
    /// <inheritdoc cref="AcceptedSteps"/>
    public long RejectedSteps { get; private set; }

    /// <param name="length">State length.</param>
    /// <param name="relativeTolerance">Relative tolerance of the error norm.</param>
    /// <param name="absoluteTolerance">Absolute tolerance of the error norm.</param>
    /// <param name="initialStep">First trial step.</param>
    public DormandPrince45Stepper(int length, double relativeTolerance = 1e-6, double absoluteTolerance = 1e-6, double initialStep = 0.02)
    {
        _k = Enumerable.Range(0, 7).Select(_ => new double[length]).ToArray();
        _stage = new double[length]; _next = new double[length];
        RelativeTolerance = relativeTolerance; AbsoluteTolerance = absoluteTolerance; _step = initialStep;
    }

    /// <summary>Call after changing the state outside the integrator (a kick, a renormalisation): the FSAL derivative is stale.</summary>
    public void Invalidate() => _haveFirst = false;

    /// <summary>Advances <paramref name="y"/> from t0 to t1 in place.</summary>
    /// <exception cref="NumericalInstabilityException">The step size collapsed (a blow-up or a stiff system).</exception>
    public void Advance(Action<ReadOnlySpan<double>, Span<double>> f, double[] y, double t0, double t1)
    {
        int n = y.Length;
        if (!_haveFirst) { f(y, _k[0]); _haveFirst = true; }
        double t = t0;
        while (t < t1 - 1e-12 * Math.Max(1, Math.Abs(t1)))
        {
            double h = Math.Min(_step, t1 - t);
            for (int s = 1; s < 7; s++)
            {
                var a = A[s];
                for (int i = 0; i < n; i++)
                {
                    double acc = 0;
                    for (int r = 0; r < s; r++) acc += a[r] * _k[r][i];
                    _stage[i] = y[i] + h * acc;
                }
                if (s == 6) Array.Copy(_stage, _next, n);
                f(s == 6 ? _next : _stage, _k[s]);
            }
            double sum = 0;
            for (int i = 0; i < n; i++)
            {
                double err = 0;
                for (int r = 0; r < 7; r++) err += E[r] * _k[r][i];
                err *= h;
                double scale = AbsoluteTolerance + RelativeTolerance * Math.Max(Math.Abs(y[i]), Math.Abs(_next[i]));
                sum += err / scale * (err / scale);
            }
            double norm = Math.Sqrt(sum / n);
            if (!double.IsFinite(norm)) throw new NumericalInstabilityException($"The adaptive integrator met a non-finite state at t = {t:G4}; the dynamics blew up.");
            double factor = norm == 0 ? 5 : Math.Clamp(0.9 * Math.Pow(norm, -0.2), 0.2, 5);
            if (norm <= 1)
            {
                Array.Copy(_next, y, n);
                (_k[0], _k[6]) = (_k[6], _k[0]); // FSAL: the last stage is f at the new point
                t += h; AcceptedSteps++;
                if (h == _step || factor < 1) _step = h * factor; // a step clipped to t1 says nothing about the natural size
            }
            else { _step = h * factor; RejectedSteps++; }
            if (_step < 1e-10) throw new NumericalInstabilityException($"The adaptive step fell below 1e-10 at t = {t:G4}; the system is too stiff or blows up.");
        }
    }
}

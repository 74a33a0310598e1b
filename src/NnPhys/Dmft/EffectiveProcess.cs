using System.Numerics;
using MathNet.Numerics.IntegralTransforms;
using NnPhys.Architectures;
using NnPhys.Numerics;

namespace NnPhys.Dmft;

/// <summary>
/// One worker's effective single-site paths for the stationary DMFT (SPEC §4):
/// <code>
///   ẋ(t) = −x(t) + γ(t) + ηg² ∫₀^τmax R_φ(u) φ(x(t−u)) du + σξ(t),   ⟨γ(t)γ(t′)⟩ = g² C_φ(t − t′),
/// </code>
/// with γ drawn by circulant embedding (FFT; two independent fields per complex transform), the step done by the
/// exponential integrator with the drive linear over the step (second order; the u = 0 term of the memory by
/// predictor–corrector) and the noise as an exact Ornstein–Uhlenbeck increment. The response to a kick δx(s) = 1 follows
/// the linearised equation ∂_t χ = −χ + ηg² ∫ R_φ(t−u) φ′(x(u)) χ(u, s) du, whose u = t term is solved implicitly.
/// </summary>
public sealed class EffectiveProcess
{
    readonly StationaryDmftConfig _c;
    readonly Activation _phi;
    readonly int _lags, _horizon, _burn, _window, _length, _fieldSize, _corrSize;
    readonly double _decay, _a0, _a1, _noiseAmp, _memory;
    readonly double[] _sqrtSpectrum, _kernel; // √(λ_k/n) of the field's circulant covariance; ηg²h w_k R_φ(k)
    readonly Complex[] _field, _corrBuffer;
    readonly double[] _x, _phiX, _slope, _dx, _x0, _phi0, _noise;
    readonly bool _twin;

    /// <param name="config">Solver config.</param>
    /// <param name="sqrtSpectrum">√(λ_k / n) of the circulant embedding of g²C_φ (length = field size).</param>
    /// <param name="phiResponse">R_φ(kh), k = 0..MaxLag/h, of the current iterate.</param>
    public EffectiveProcess(StationaryDmftConfig config, double[] sqrtSpectrum, double[] phiResponse)
    {
        _c = config; _phi = DmftActivations.Parse(config.Activation);
        double h = config.Step;
        _lags = (int)Math.Round(config.MaxLag / h) + 1; _horizon = (int)Math.Round(config.CorrelationHorizon / h) + 1;
        _burn = (int)Math.Round(config.BurnIn / h); _window = (int)Math.Round(config.Window / h); _length = _burn + _window;
        _fieldSize = sqrtSpectrum.Length; _sqrtSpectrum = sqrtSpectrum;
        _corrSize = (int)BitOperations.RoundUpToPowerOf2((uint)(_window + _horizon));
        double e = 1 - Math.Exp(-h);
        _decay = Math.Exp(-h); _a0 = e - (h - e) / h; _a1 = (h - e) / h;
        _noiseAmp = config.Noise * Math.Sqrt((1 - Math.Exp(-2 * h)) / 2);
        _memory = config.MemoryScale * config.Eta * config.Gain * config.Gain * h;
        _kernel = new double[_lags];
        for (int k = 0; k < _lags; k++) _kernel[k] = _memory * (k == 0 || k == _lags - 1 ? 0.5 : 1) * phiResponse[k];
        _field = new Complex[_fieldSize]; _corrBuffer = new Complex[_corrSize];
        _x = new double[_length]; _phiX = new double[_length]; _slope = new double[_length]; _dx = new double[_length];
        _twin = config.ControlVariate;
        _x0 = _twin ? new double[_length] : []; _phi0 = _twin ? new double[_length] : [];
        _noise = new double[_noiseAmp > 0 ? _length : 0];
    }

    /// <summary>Field length needed: a power of two ≥ 2 × path length (circulant embedding).</summary>
    public static int FieldSize(StationaryDmftConfig c) => (int)BitOperations.RoundUpToPowerOf2((uint)(2 * (Math.Round(c.BurnIn / c.Step) + Math.Round(c.Window / c.Step))));

    /// <summary>Simulates the pair of paths of one random stream and adds their statistics.</summary>
    public void SamplePair(RandomStream random, EffectivePathStatistics stats)
    {
        for (int k = 0; k < _fieldSize; k++) _field[k] = new Complex(_sqrtSpectrum[k] * random.NextNormal(), _sqrtSpectrum[k] * random.NextNormal());
        Fourier.Forward(_field, FourierOptions.NoScaling);
        for (int part = 0; part < 2; part++)
        {
            SimulatePath(random, part);
            Measure(stats);
            Kick(stats);
        }
    }

    double Gamma(int n, int part) => part == 0 ? _field[n].Real : _field[n].Imaginary;

    /// <summary>S_n = Σ_{k≥1} kernel_k φ(x_{n−k}) (the memory without its u = 0 term).</summary>
    double Memory(int n, double[] values)
    {
        if (_memory == 0) return 0;
        double s = 0;
        int kMax = Math.Min(_lags - 1, n);
        for (int k = 1; k <= kMax; k++) s += _kernel[k] * values[n - k];
        return s;
    }

    void SimulatePath(RandomStream random, int part)
    {
        _x[0] = random.NextNormal();
        if (_noiseAmp > 0) for (int n = 0; n + 1 < _length; n++) _noise[n] = _noiseAmp * random.NextNormal(); // same draws, same order as before
        if (_twin) SimulateTwin(part, _x[0]);
        _phiX[0] = _phi.Evaluate(_x[0]);
        double f = Gamma(0, part) + _kernel[0] * _phiX[0];
        for (int n = 0; n + 1 < _length; n++)
        {
            double memoryNext = Memory(n + 1, _phiX), gammaNext = Gamma(n + 1, part);
            double noise = _noiseAmp > 0 ? _noise[n] : 0;
            double predicted = _decay * _x[n] + (_a0 + _a1) * f + noise;
            double fNext = gammaNext + memoryNext + _kernel[0] * _phi.Evaluate(predicted);
            double x = _decay * _x[n] + _a0 * f + _a1 * fNext + noise;
            _x[n + 1] = x; _phiX[n + 1] = _phi.Evaluate(x);
            f = gammaNext + memoryNext + _kernel[0] * _phiX[n + 1];
        }
        for (int n = 0; n < _length; n++) _slope[n] = _phi.Derivative(_x[n]);
    }

    /// <summary>The memory-free twin: same field, same x(0), same noise increments, kernel 0.</summary>
    void SimulateTwin(int part, double x0)
    {
        _x0[0] = x0;
        double f = Gamma(0, part);
        for (int n = 0; n + 1 < _length; n++)
        {
            double noise = _noiseAmp > 0 ? _noise[n] : 0;
            double fNext = Gamma(n + 1, part);
            _x0[n + 1] = _decay * _x0[n] + _a0 * f + _a1 * fNext + noise;
            f = fNext;
        }
        for (int n = 0; n < _length; n++) _phi0[n] = _phi.Evaluate(_x0[n]);
    }

    void Measure(EffectivePathStatistics stats)
    {
        if (_twin)
        {
            AddAutocorrelation(_phi0, stats.PhiCorrelation0, null);
            AddAutocorrelation(_x0, stats.Correlation0, null);
            for (int s = _burn; s + _lags <= _length; s += _lags)
                for (int l = 0; l < _lags; l++) stats.PhiResponse0[l] += _phi.Derivative(_x0[s + l]) * Math.Exp(-l * _c.Step);
        }
        AddAutocorrelation(_phiX, stats.PhiCorrelation, null);
        AddAutocorrelation(_x, stats.Correlation, stats.CorrelationSquares);
        double mx = 0, mp = 0;
        for (int n = _burn; n < _length; n++) { mx += _x[n]; mp += _phiX[n]; }
        stats.MeanX += mx / _window; stats.MeanPhi += mp / _window; stats.Paths++;
    }

    /// <summary>Adds the path's (1/(W−l)) Σ v_n v_{n+l}, l &lt; horizon, by a zero-padded FFT.</summary>
    void AddAutocorrelation(double[] values, double[] sums, double[]? squares)
    {
        Array.Clear(_corrBuffer);
        for (int n = 0; n < _window; n++) _corrBuffer[n] = values[_burn + n];
        Fourier.Forward(_corrBuffer, FourierOptions.NoScaling);
        for (int k = 0; k < _corrSize; k++) _corrBuffer[k] = _corrBuffer[k] * Complex.Conjugate(_corrBuffer[k]);
        Fourier.Inverse(_corrBuffer, FourierOptions.NoScaling);
        for (int l = 0; l < _horizon; l++)
        {
            double v = _corrBuffer[l].Real / _corrSize / (_window - l);
            sums[l] += v;
            if (squares is not null) squares[l] += v * v;
        }
    }

    /// <summary>Kicks δx(s) = 1 at s = burn-in + j(L+1) and follows the linearised dynamics for L steps.</summary>
    void Kick(EffectivePathStatistics stats)
    {
        for (int s = _burn; s + _lags <= _length; s += _lags)
        {
            Array.Clear(_dx, s, _lags);
            _dx[s] = 1;
            stats.Response[0] += 1; stats.PhiResponse[0] += _slope[s];
            double df = _kernel[0] * _slope[s] * _dx[s];
            for (int n = s; n + 1 < s + _lags; n++)
            {
                double dMemory = 0;
                if (_memory != 0)
                    for (int k = 1; k <= n + 1 - s; k++) dMemory += _kernel[k] * _slope[n + 1 - k] * _dx[n + 1 - k];
                double dx = (_decay * _dx[n] + _a0 * df + _a1 * dMemory) / (1 - _a1 * _kernel[0] * _slope[n + 1]);
                _dx[n + 1] = dx;
                df = dMemory + _kernel[0] * _slope[n + 1] * dx;
                stats.Response[n + 1 - s] += dx; stats.PhiResponse[n + 1 - s] += _slope[n + 1] * dx;
            }
            stats.Kicks++;
        }
    }
}

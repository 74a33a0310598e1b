using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using MathNet.Numerics;

namespace NnPhys.Architectures;

// Vectorised forward (a = φ(z)) and backward (δ ← δ ⊙ φ′(z)) over spans; the scalar reference is Evaluate/Derivative
// and tests compare the two for every activation, in float and double.
public sealed partial class Activation
{
    /// <summary>a = φ(z) elementwise. <paramref name="a"/> may be the same memory as <paramref name="z"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="a"/> is shorter than <paramref name="z"/>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop: skip tier-0 so the first epoch is as fast as the rest
    public void Apply<T>(ReadOnlySpan<T> z, Span<T> a) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (z.IsEmpty) return; // TensorPrimitives rejects empty spans
        if (a.Length < z.Length) throw new ArgumentException($"The output span has {a.Length} elements, fewer than the input's {z.Length}.", nameof(a));
        switch (_kind)
        {
            case Kind.Identity:
                if (!z.Overlaps(a)) z.CopyTo(a);
                break;
            case Kind.ReLU:
                TensorPrimitives.Max(z, T.Zero, a); // NaN propagates (IEEE maximum)
                break;
            case Kind.Sigmoid:
                TensorPrimitives.Sigmoid(z, a);
                break;
            case Kind.Tanh:
                TensorPrimitives.Tanh(z, a);
                break;
            case Kind.Abs:
                TensorPrimitives.Abs(z, a);
                break;
            case Kind.Sin:
                TensorPrimitives.Sin(z, a);
                break;
            case Kind.Cos:
                TensorPrimitives.Cos(z, a);
                break;
            case Kind.LeakyReLU:
            {
                T s = T.CreateTruncating(_slope);
                for (int i = 0; i < z.Length; i++) a[i] = z[i] > T.Zero ? z[i] : s * z[i];
                break;
            }
            default: // erf, gelu, silu, softplus: the scalar reference (no vectorised erf in TensorPrimitives)
                for (int i = 0; i < z.Length; i++) a[i] = T.CreateTruncating(Evaluate(double.CreateTruncating(z[i])));
                break;
        }
    }

    /// <summary>
    /// δ ← δ ⊙ φ′(z) elementwise, turning ∂L/∂a into ∂L/∂z. ReLU, sigmoid and tanh read the derivative off the output
    /// a = φ(z) (1[a &gt; 0], a(1 − a), 1 − a²); the others use z.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop: skip tier-0 so the first epoch is as fast as the rest
    public void MultiplyByDerivative<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> a, Span<T> delta) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = delta.Length, i = 0, w = Vector<T>.Count;
        switch (_kind)
        {
            case Kind.Identity:
                return;
            case Kind.ReLU:
                // φ′(z) = 1 if a > 0 else 0
                for (; i <= n - w; i += w)
                {
                    var av = new Vector<T>(a.Slice(i));
                    Vector.ConditionalSelect(Vector.GreaterThan(av, Vector<T>.Zero), new Vector<T>(delta.Slice(i)), Vector<T>.Zero).CopyTo(delta.Slice(i));
                }
                for (; i < n; i++) delta[i] = a[i] > T.Zero ? delta[i] : T.Zero;
                return;
            case Kind.Sigmoid:
                // φ′(z) = a (1 − a)
                for (; i <= n - w; i += w)
                {
                    var av = new Vector<T>(a.Slice(i));
                    (new Vector<T>(delta.Slice(i)) * av * (Vector<T>.One - av)).CopyTo(delta.Slice(i));
                }
                for (; i < n; i++) delta[i] *= a[i] * (T.One - a[i]);
                return;
            case Kind.Tanh:
                // φ′(z) = 1 − a²
                for (; i <= n - w; i += w)
                {
                    var av = new Vector<T>(a.Slice(i));
                    (new Vector<T>(delta.Slice(i)) * (Vector<T>.One - av * av)).CopyTo(delta.Slice(i));
                }
                for (; i < n; i++) delta[i] *= T.One - a[i] * a[i];
                return;
            case Kind.Erf:
                // φ′(z) = (2/√π) e^(−z²)
                for (; i < n; i++)
                {
                    double zi = double.CreateTruncating(z[i]);
                    delta[i] *= T.CreateTruncating(2.0 / Math.Sqrt(Math.PI) * Math.Exp(-zi * zi));
                }
                return;
            case Kind.LeakyReLU:
            {
                T s = T.CreateTruncating(_slope);
                for (; i < n; i++) if (!(z[i] > T.Zero)) delta[i] *= s;
                return;
            }
            default:
                for (; i < n; i++) delta[i] *= T.CreateTruncating(Derivative(double.CreateTruncating(z[i])));
                return;
        }
    }
}

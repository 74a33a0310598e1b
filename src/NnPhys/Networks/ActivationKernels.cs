using System.Runtime.CompilerServices;
using System.Numerics;
using System.Numerics.Tensors;
using MathNet.Numerics;
using NnPhys.Architectures;

namespace NnPhys.Networks;

/// <summary>
/// Vectorized forward (a = φ(z)) and backward (δ ← δ ⊙ φ'(z)) of each <see cref="Activation"/> over spans.
/// The scalar reference is <see cref="ActivationFunctions"/>; tests compare the two.
/// </summary>
internal static class ActivationKernels
{
    /// <summary>a = φ(z) elementwise. <paramref name="a"/> may be the same memory as <paramref name="z"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop: skip tier-0 so the first epoch is as fast as the rest
    public static void Apply<T>(Activation activation, ReadOnlySpan<T> z, Span<T> a) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (z.IsEmpty) return; // TensorPrimitives rejects empty spans
        switch (activation)
        {
            case Activation.Identity:
                if (!z.Overlaps(a)) z.CopyTo(a);
                break;
            case Activation.ReLU:
                TensorPrimitives.Max(z, T.Zero, a); // NaN propagates (IEEE maximum)
                break;
            case Activation.Sigmoid:
                TensorPrimitives.Sigmoid(z, a);
                break;
            case Activation.Tanh:
                TensorPrimitives.Tanh(z, a);
                break;
            case Activation.Erf:
                for (int i = 0; i < z.Length; i++) a[i] = T.CreateTruncating(SpecialFunctions.Erf(double.CreateTruncating(z[i])));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation.");
        }
    }

    /// <summary>
    /// δ ← δ ⊙ φ'(z) elementwise, turning ∂L/∂a into ∂L/∂z. ReLU, sigmoid and tanh read the derivative off the output
    /// a = φ(z) (1[a &gt; 0], a(1 − a), 1 − a²); erf uses z ((2/√π) e^(−z²)).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop: skip tier-0 so the first epoch is as fast as the rest
    public static void MultiplyByDerivative<T>(Activation activation, ReadOnlySpan<T> z, ReadOnlySpan<T> a, Span<T> delta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = delta.Length, i = 0, w = Vector<T>.Count;
        switch (activation)
        {
            case Activation.Identity:
                return;
            case Activation.ReLU:
                // φ'(z) = 1 if a > 0 else 0
                for (; i <= n - w; i += w)
                {
                    var av = new Vector<T>(a.Slice(i));
                    Vector.ConditionalSelect(Vector.GreaterThan(av, Vector<T>.Zero), new Vector<T>(delta.Slice(i)), Vector<T>.Zero).CopyTo(delta.Slice(i));
                }
                for (; i < n; i++) delta[i] = a[i] > T.Zero ? delta[i] : T.Zero;
                return;
            case Activation.Sigmoid:
                // φ'(z) = a (1 − a)
                for (; i <= n - w; i += w)
                {
                    var av = new Vector<T>(a.Slice(i));
                    (new Vector<T>(delta.Slice(i)) * av * (Vector<T>.One - av)).CopyTo(delta.Slice(i));
                }
                for (; i < n; i++) delta[i] *= a[i] * (T.One - a[i]);
                return;
            case Activation.Tanh:
                // φ'(z) = 1 − a²
                for (; i <= n - w; i += w)
                {
                    var av = new Vector<T>(a.Slice(i));
                    (new Vector<T>(delta.Slice(i)) * (Vector<T>.One - av * av)).CopyTo(delta.Slice(i));
                }
                for (; i < n; i++) delta[i] *= T.One - a[i] * a[i];
                return;
            case Activation.Erf:
                // φ'(z) = (2/√π) e^(−z²)
                for (; i < n; i++)
                {
                    double zi = double.CreateTruncating(z[i]);
                    delta[i] *= T.CreateTruncating(2.0 / Math.Sqrt(Math.PI) * Math.Exp(-zi * zi));
                }
                return;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation.");
        }
    }
}

using System.Numerics;
using System.Runtime.InteropServices;

namespace NnPhys.Numerics;

/// <summary>
/// Dense row-major matrix over one contiguous array. Element (i, j) lives at <c>Data[i * Cols + j]</c>.
/// Works for <see cref="float"/> and <see cref="double"/>; products go through <see cref="Gemm"/>.
/// </summary>
public sealed class Matrix<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Number of rows.</summary>
    public int Rows { get; }
    /// <summary>Number of columns.</summary>
    public int Cols { get; }
    /// <summary>Row-major storage, length <c>Rows * Cols</c>.</summary>
    public T[] Data { get; }

    /// <summary>A zero matrix of the given shape.</summary>
    public Matrix(int rows, int cols)
    {
        if (rows < 0 || cols < 0) throw new ArgumentOutOfRangeException(nameof(rows), $"Matrix shape ({rows}, {cols}) must be non-negative.");
        Rows = rows; Cols = cols; Data = new T[checked(rows * cols)];
    }

    /// <summary>Wraps existing row-major storage (not copied).</summary>
    public Matrix(int rows, int cols, T[] data)
    {
        if (rows < 0 || cols < 0) throw new ArgumentOutOfRangeException(nameof(rows), $"Matrix shape ({rows}, {cols}) must be non-negative.");
        if (data.Length != rows * cols) throw new ArgumentException($"Data length {data.Length} does not match shape ({rows}, {cols}).", nameof(data));
        Rows = rows; Cols = cols; Data = data;
    }

    /// <summary>Element (i, j).</summary>
    public ref T this[int i, int j] => ref Data[i * Cols + j];

    /// <summary>Row i as a span.</summary>
    public Span<T> Row(int i) => Data.AsSpan(i * Cols, Cols);

    /// <summary>All elements, row-major.</summary>
    public Span<T> AsSpan() => Data;

    /// <summary>A deep copy.</summary>
    public Matrix<T> Clone() => new(Rows, Cols, (T[])Data.Clone());

    /// <summary>The transpose as a new matrix.</summary>
    public Matrix<T> Transposed()
    {
        var t = new Matrix<T>(Cols, Rows);
        for (int i = 0; i < Rows; i++)
            for (int j = 0; j < Cols; j++)
                t.Data[j * Rows + i] = Data[i * Cols + j];
        return t;
    }

    /// <summary>Identity matrix of size n.</summary>
    public static Matrix<T> Identity(int n)
    {
        var m = new Matrix<T>(n, n);
        for (int i = 0; i < n; i++) m.Data[i * n + i] = T.One;
        return m;
    }

    /// <summary>C = A·B (new matrix).</summary>
    public static Matrix<T> operator *(Matrix<T> a, Matrix<T> b)
    {
        if (a.Cols != b.Rows) throw new ArgumentException($"Cannot multiply ({a.Rows}, {a.Cols}) by ({b.Rows}, {b.Cols}): inner sizes differ.");
        var c = new Matrix<T>(a.Rows, b.Cols);
        Gemm.Multiply(a, Transpose.No, b, Transpose.No, c);
        return c;
    }

    public override string ToString() => $"Matrix<{typeof(T).Name}>({Rows}×{Cols})";
}

using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace NnPhys.Numerics;

/// <summary>
/// Cache-blocked, packed GEMM on row-major storage (the Goto/BLIS loop nest), used by <see cref="ManagedGemm"/>
/// when AVX2 + FMA are present. Loop order: columns of C in blocks of NC → k in blocks of KC (pack op(B) block
/// into NR-wide panels) → rows of C in blocks of MC, spread over cores with Parallel.For (each worker packs its
/// op(A) block into MR-high panels) → NR panel → MR panel → register micro-kernel. Panels are zero-padded, so
/// ragged edges run the same kernel on a scratch copy of the C tile. Each element of C is owned by one thread and
/// accumulated in a fixed order (k blocks ascending), so results are bit-identical run to run and for any core count.
/// </summary>
internal static unsafe class BlockedGemm
{
    const int Kc = 256;       // depth of one packed block (A panel 6×256 floats = 6 KB stays in L1 with a B panel)
    const int McTarget = 120; // rows of one packed op(A) block (≈120 KB of floats: fits L2)
    const int Nc = 3072;      // columns of one packed op(B) block (256×3072 floats = 3 MB: shared L3)
    const long ParallelThreshold = 1L << 18; // multiply-adds below which threading costs more than it saves

    /// <summary>C = alpha·op(A)·op(B) + beta·C for float or double. Shapes must already be validated.</summary>
    public static void Multiply<T>(Transpose ta, Transpose tb, int m, int n, int k, T alpha, ReadOnlySpan<T> a, int lda,
        ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (m == 0 || n == 0) return;
        ScaleRows(beta, m, n, c, ldc);
        if (k == 0 || alpha == T.Zero) return;

        int mr = typeof(T) == typeof(float) ? GemmMicroKernels.FloatRows : GemmMicroKernels.DoubleRows;
        int nr = typeof(T) == typeof(float) ? GemmMicroKernels.FloatCols : GemmMicroKernels.DoubleCols;
        bool parallel = (long)m * n * k >= ParallelThreshold && Environment.ProcessorCount > 1 && m > mr;

        // Row blocks: about McTarget rows each, a multiple of the core count when threaded, MR-aligned.
        int blocks = (m + McTarget - 1) / McTarget;
        if (parallel) blocks = Math.Min((m + mr - 1) / mr, RoundUp(blocks, Environment.ProcessorCount));
        int mc = RoundUp((m + blocks - 1) / blocks, mr);
        blocks = (m + mc - 1) / mc;

        fixed (T* pa = a) fixed (T* pb = b) fixed (T* pc = c)
        {
            nint aAddr = (nint)pa, cAddr = (nint)pc;
            for (int j0 = 0; j0 < n; j0 += Nc)
            {
                int nc = Math.Min(Nc, n - j0);
                int bPanels = (nc + nr - 1) / nr;
                for (int p0 = 0; p0 < k; p0 += Kc)
                {
                    int kc = Math.Min(Kc, k - p0);
                    T[] bPack = ArrayPool<T>.Shared.Rent(bPanels * nr * kc);
                    fixed (T* pbPack = bPack)
                    {
                        PackB(tb, pb, ldb, p0, kc, j0, nc, pbPack, nr);
                        nint bAddr = (nint)pbPack;
                        int jStart = j0, pStart = p0, kcCopy = kc, ncCopy = nc;
                        if (parallel)
                            Parallel.For(0, blocks, blk => RowBlock<T>(blk, ta, aAddr, lda, bAddr, cAddr, ldc, m, mc, jStart, ncCopy, pStart, kcCopy, alpha, mr, nr));
                        else
                            for (int blk = 0; blk < blocks; blk++)
                                RowBlock<T>(blk, ta, aAddr, lda, bAddr, cAddr, ldc, m, mc, jStart, ncCopy, pStart, kcCopy, alpha, mr, nr);
                    }
                    ArrayPool<T>.Shared.Return(bPack);
                }
            }
        }
    }

    static int RoundUp(int x, int to) => (x + to - 1) / to * to;

    /// <summary>C rows ← beta·C rows (beta = 0 overwrites, so NaN/garbage in C is ignored as BLAS specifies).</summary>
    static void ScaleRows<T>(T beta, int m, int n, Span<T> c, int ldc) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (beta == T.One) return;
        for (int i = 0; i < m; i++)
        {
            var row = c.Slice(i * ldc, n);
            if (beta == T.Zero) row.Clear();
            else for (int j = 0; j < row.Length; j++) row[j] *= beta;
        }
    }

    /// <summary>One MC-row block of C: pack its op(A) rows, then sweep all NR × MR tiles of this (j0, p0) block.</summary>
    static void RowBlock<T>(int blk, Transpose ta, nint aAddr, int lda, nint bAddr, nint cAddr, int ldc,
        int m, int mc, int j0, int nc, int p0, int kc, T alpha, int mr, int nr) where T : unmanaged
    {
        int i0 = blk * mc;
        int rows = Math.Min(mc, m - i0);
        int aPanels = (rows + mr - 1) / mr;
        int bPanels = (nc + nr - 1) / nr;
        T[] aPack = ArrayPool<T>.Shared.Rent(aPanels * mr * kc);
        T* tile = stackalloc T[mr * nr];
        fixed (T* paPack = aPack)
        {
            PackA(ta, (T*)aAddr, lda, i0, rows, p0, kc, paPack, mr);
            T* bPack = (T*)bAddr;
            T* c = (T*)cAddr;
            for (int jp = 0; jp < bPanels; jp++)
            {
                int jt = j0 + jp * nr, cols = Math.Min(nr, j0 + nc - jt);
                T* bPanel = bPack + (long)jp * nr * kc;
                for (int ip = 0; ip < aPanels; ip++)
                {
                    int it = i0 + ip * mr, tileRows = Math.Min(mr, i0 + rows - it);
                    T* aPanel = paPack + (long)ip * mr * kc;
                    T* cTile = c + (long)it * ldc + jt;
                    if (tileRows == mr && cols == nr)
                    {
                        Kernel(kc, aPanel, bPanel, cTile, ldc, alpha);
                        continue;
                    }
                    // Ragged edge: copy the valid tileRows × cols part of C into a scratch tile, run the same kernel
                    // on it, copy back. Every element then sees identical arithmetic whichever tile it falls in, so
                    // results do not depend on the row blocking (hence not on the core count).
                    new Span<T>(tile, mr * nr).Clear();
                    for (int r = 0; r < tileRows; r++)
                        for (int q = 0; q < cols; q++) tile[r * nr + q] = cTile[(long)r * ldc + q];
                    Kernel(kc, aPanel, bPanel, tile, nr, alpha);
                    for (int r = 0; r < tileRows; r++)
                        for (int q = 0; q < cols; q++) cTile[(long)r * ldc + q] = tile[r * nr + q];
                }
            }
        }
        ArrayPool<T>.Shared.Return(aPack);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Kernel<T>(int kc, T* a, T* b, T* c, int ldc, T alpha) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
            GemmMicroKernels.Float6x16(kc, (float*)a, (float*)b, (float*)c, ldc, Unsafe.As<T, float>(ref alpha));
        else
            GemmMicroKernels.Double6x8(kc, (double*)a, (double*)b, (double*)c, ldc, Unsafe.As<T, double>(ref alpha));
    }

    /// <summary>
    /// Packs op(A)[i0 .. i0+rows, p0 .. p0+kc] into MR-high panels: panel q holds dst[q·MR·kc + p·MR + r]
    /// = op(A)[i0 + q·MR + r, p0 + p], rows past the edge zero.
    /// </summary>
    static void PackA<T>(Transpose ta, T* a, int lda, int i0, int rows, int p0, int kc, T* dst, int mr) where T : unmanaged
    {
        int panels = (rows + mr - 1) / mr;
        for (int q = 0; q < panels; q++)
        {
            T* panel = dst + (long)q * mr * kc;
            int valid = Math.Min(mr, rows - q * mr);
            int iBase = i0 + q * mr;
            if (ta == Transpose.No)
            {
                for (int r = 0; r < valid; r++)
                {
                    T* src = a + (long)(iBase + r) * lda + p0; // row iBase+r of A, contiguous in p
                    for (int p = 0; p < kc; p++) panel[p * mr + r] = src[p];
                }
                for (int r = valid; r < mr; r++)
                    for (int p = 0; p < kc; p++) panel[p * mr + r] = default;
            }
            else
            {
                for (int p = 0; p < kc; p++)
                {
                    T* src = a + (long)(p0 + p) * lda + iBase; // row p0+p of stored A = column of op(A)
                    T* d = panel + p * mr;
                    for (int r = 0; r < valid; r++) d[r] = src[r];
                    for (int r = valid; r < mr; r++) d[r] = default;
                }
            }
        }
    }

    /// <summary>
    /// Packs op(B)[p0 .. p0+kc, j0 .. j0+nc] into NR-wide panels: panel q holds dst[q·NR·kc + p·NR + c]
    /// = op(B)[p0 + p, j0 + q·NR + c], columns past the edge zero.
    /// </summary>
    static void PackB<T>(Transpose tb, T* b, int ldb, int p0, int kc, int j0, int nc, T* dst, int nr) where T : unmanaged
    {
        int panels = (nc + nr - 1) / nr;
        for (int q = 0; q < panels; q++)
        {
            T* panel = dst + (long)q * nr * kc;
            int valid = Math.Min(nr, nc - q * nr);
            int jBase = j0 + q * nr;
            if (tb == Transpose.No)
            {
                for (int p = 0; p < kc; p++)
                {
                    T* src = b + (long)(p0 + p) * ldb + jBase; // row p0+p of B, contiguous in j
                    T* d = panel + p * nr;
                    for (int col = 0; col < valid; col++) d[col] = src[col];
                    for (int col = valid; col < nr; col++) d[col] = default;
                }
            }
            else
            {
                for (int col = 0; col < valid; col++)
                {
                    T* src = b + (long)(jBase + col) * ldb + p0; // row jBase+col of stored B = column of op(B)
                    for (int p = 0; p < kc; p++) panel[p * nr + col] = src[p];
                }
                for (int col = valid; col < nr; col++)
                    for (int p = 0; p < kc; p++) panel[p * nr + col] = default;
            }
        }
    }
}

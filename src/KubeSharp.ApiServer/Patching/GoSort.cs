namespace KubeSharp.ApiServer.Patching;

/// <summary>
/// Go's <c>sort.SliceStable</c> algorithm (insertion sort on blocks of 20, then in-place SymMerge), reproduced so
/// that upstream's element ordering comes out identical even where its <c>less</c> function is not a strict order.
/// </summary>
internal static class GoSort
{
    public static void Stable<T>(IList<T> data, Func<T, T, bool> less)
    {
        var n = data.Count;
        var blockSize = 20;
        int a = 0, b = blockSize;
        while (b <= n)
        {
            InsertionSort(data, less, a, b);
            a = b;
            b += blockSize;
        }
        InsertionSort(data, less, a, n);

        while (blockSize < n)
        {
            a = 0;
            b = 2 * blockSize;
            while (b <= n)
            {
                SymMerge(data, less, a, a + blockSize, b);
                a = b;
                b += 2 * blockSize;
            }
            var m = a + blockSize;
            if (m < n)
            {
                SymMerge(data, less, a, m, n);
            }
            blockSize *= 2;
        }
    }

    private static bool Less<T>(IList<T> data, Func<T, T, bool> less, int i, int j) => less(data[i], data[j]);

    private static void Swap<T>(IList<T> data, int i, int j) => (data[i], data[j]) = (data[j], data[i]);

    private static void InsertionSort<T>(IList<T> data, Func<T, T, bool> less, int a, int b)
    {
        for (var i = a + 1; i < b; i++)
        {
            for (var j = i; j > a && Less(data, less, j, j - 1); j--)
            {
                Swap(data, j, j - 1);
            }
        }
    }

    private static void SymMerge<T>(IList<T> data, Func<T, T, bool> less, int a, int m, int b)
    {
        if (m - a == 1)
        {
            int i = m, j = b;
            while (i < j)
            {
                var h = (int)((uint)(i + j) >> 1);
                if (Less(data, less, h, a))
                {
                    i = h + 1;
                }
                else
                {
                    j = h;
                }
            }
            for (var k = a; k < i - 1; k++)
            {
                Swap(data, k, k + 1);
            }
            return;
        }
        if (b - m == 1)
        {
            int i = a, j = m;
            while (i < j)
            {
                var h = (int)((uint)(i + j) >> 1);
                if (!Less(data, less, m, h))
                {
                    i = h + 1;
                }
                else
                {
                    j = h;
                }
            }
            for (var k = m; k > i; k--)
            {
                Swap(data, k, k - 1);
            }
            return;
        }

        var mid = (int)((uint)(a + b) >> 1);
        var n = mid + m;
        int start, r;
        if (m > mid)
        {
            start = n - b;
            r = mid;
        }
        else
        {
            start = a;
            r = m;
        }
        var p = n - 1;
        while (start < r)
        {
            var c = (int)((uint)(start + r) >> 1);
            if (!Less(data, less, p - c, c))
            {
                start = c + 1;
            }
            else
            {
                r = c;
            }
        }
        var end = n - start;
        if (start < m && m < end)
        {
            Rotate(data, start, m, end);
        }
        if (a < start && start < mid)
        {
            SymMerge(data, less, a, start, mid);
        }
        if (mid < end && end < b)
        {
            SymMerge(data, less, mid, end, b);
        }
    }

    private static void Rotate<T>(IList<T> data, int a, int m, int b)
    {
        var i = m - a;
        var j = b - m;
        while (i != j)
        {
            if (i > j)
            {
                SwapRange(data, m - i, m, j);
                i -= j;
            }
            else
            {
                SwapRange(data, m - i, m + j - i, i);
                j -= i;
            }
        }
        SwapRange(data, m - i, m, i);
    }

    private static void SwapRange<T>(IList<T> data, int a, int b, int n)
    {
        for (var i = 0; i < n; i++)
        {
            Swap(data, a + i, b + i);
        }
    }
}

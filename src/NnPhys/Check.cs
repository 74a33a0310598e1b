using System.Globalization;

namespace NnPhys;

/// <summary>
/// The one set of boundary checks for option and config values (issue 7 item 6). Every check throws
/// <see cref="InvalidConfigException"/> with one message shape — "<c>{name} must be {requirement}, got {value}; e.g. {example}.</c>" —
/// and returns the value, so a check reads as an assignment: <c>Width = Check.Positive(width, "--width", "100")</c>.
/// <c>name</c> is what the user typed (an option such as <c>--lr</c>) or the symbol of the config field.
/// </summary>
public static class Check
{
    /// <summary>value ≥ 1.</summary>
    public static int Positive(int value, string name, string? example = null)
    {
        if (value < 1) Fail(name, "a positive integer", value.ToString(CultureInfo.InvariantCulture), example);
        return value;
    }

    /// <summary>value ≥ 1.</summary>
    public static long Positive(long value, string name, string? example = null)
    {
        if (value < 1) Fail(name, "a positive integer", value.ToString(CultureInfo.InvariantCulture), example);
        return value;
    }

    /// <summary>A finite value &gt; 0 (NaN and ±∞ fail).</summary>
    public static double Positive(double value, string name, string? example = null)
    {
        if (!double.IsFinite(value) || value <= 0) Fail(name, "a positive finite number", Format(value), example);
        return value;
    }

    /// <summary>A finite value ≥ 0.</summary>
    public static double NonNegative(double value, string name, string? example = null)
    {
        if (!double.IsFinite(value) || value < 0) Fail(name, "a finite number ≥ 0", Format(value), example);
        return value;
    }

    /// <summary>value ≥ 0.</summary>
    public static int NonNegative(int value, string name, string? example = null)
    {
        if (value < 0) Fail(name, "an integer ≥ 0", value.ToString(CultureInfo.InvariantCulture), example);
        return value;
    }

    /// <summary>Any finite value.</summary>
    public static double Finite(double value, string name, string? example = null)
    {
        if (!double.IsFinite(value)) Fail(name, "a finite number", Format(value), example);
        return value;
    }

    /// <summary>A finite value in [0, 1) — a momentum, a decay rate.</summary>
    public static double UnitInterval(double value, string name, string? example = null)
    {
        if (!double.IsFinite(value) || value < 0 || value >= 1) Fail(name, "in [0, 1)", Format(value), example);
        return value;
    }

    /// <summary>A finite value in the closed interval [min, max].</summary>
    public static double InRange(double value, double min, double max, string name, string? example = null)
    {
        if (!double.IsFinite(value) || value < min || value > max)
            Fail(name, $"in [{Format(min)}, {Format(max)}]", Format(value), example);
        return value;
    }

    /// <summary>An integer in the closed interval [min, max].</summary>
    public static int InRange(int value, int min, int max, string name, string? example = null)
    {
        if (value < min || value > max)
            Fail(name, $"an integer in [{min}, {max}]", value.ToString(CultureInfo.InvariantCulture), example);
        return value;
    }

    /// <summary>A finite, non-empty interval [start, end] with start &lt; end (integration windows, grid ranges).</summary>
    public static void Interval(double start, double end, string name, string? example = null)
    {
        if (!double.IsFinite(start) || !double.IsFinite(end) || end <= start)
            Fail(name, "a finite interval [start, end] with start < end", $"[{Format(start)}, {Format(end)}]", example);
    }

    /// <summary>A condition the caller states in words: throws "<paramref name="message"/>" unless it holds.</summary>
    public static void That(bool condition, string message)
    {
        if (!condition) throw new InvalidConfigException(message);
    }

    static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    static void Fail(string name, string requirement, string got, string? example) =>
        throw new InvalidConfigException(example is null
            ? $"{name} must be {requirement}, got {got}."
            : $"{name} must be {requirement}, got {got}; e.g. {example}.");
}

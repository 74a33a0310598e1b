using System.Globalization;

namespace NnPhys.Training;

/// <summary>The losses by name: "mse", "power(p)", "cross_entropy".</summary>
public static class Losses
{
    /// <summary>Mean squared error.</summary>
    public static ILoss Mse => MseLoss.Instance;
    /// <summary>Softmax cross-entropy on logits.</summary>
    public static ILoss CrossEntropy => CrossEntropyLoss.Instance;
    /// <summary>(1/p)(ŷ − y)^p.</summary>
    public static ILoss Power(int p) => new PowerLoss(p);

    /// <summary>Forms <see cref="Parse"/> accepts.</summary>
    public static IReadOnlyList<string> ValidNames { get; } = ["mse", "power(p)", "cross_entropy"];

    /// <summary>The loss called <paramref name="name"/> (case-insensitive; "crossentropy"/"ce" and "power(p)" with integer p ≥ 1).</summary>
    /// <exception cref="InvalidConfigException">Unknown name; the message lists the valid ones.</exception>
    public static ILoss Parse(string name)
    {
        var n = name.Trim().ToLowerInvariant().Replace(" ", "");
        if (n is "mse" or "mean_squared_error") return Mse;
        if (n is "cross_entropy" or "crossentropy" or "ce") return CrossEntropy;
        if (n.StartsWith("power(") && n.EndsWith(')') && int.TryParse(n[6..^1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int p))
            return Power(p);
        throw new InvalidConfigException($"'{name}' is not a loss; use one of: {string.Join(", ", ValidNames)}.");
    }
}

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

    static readonly Choices<ILoss> Table = new("a loss",
        [(["mse", "mean_squared_error"], MseLoss.Instance), (["cross_entropy", "crossentropy", "ce"], CrossEntropyLoss.Instance)], ["power(p)"]);

    /// <summary>Forms <see cref="Parse"/> accepts.</summary>
    public static IReadOnlyList<string> ValidNames => Table.Names;

    /// <summary>The loss called <paramref name="name"/> (case-insensitive; "crossentropy"/"ce" and "power(p)" with integer p ≥ 1).</summary>
    /// <exception cref="InvalidConfigException">Unknown name; the message lists the valid ones.</exception>
    public static ILoss Parse(string name)
    {
        if (Choices<ILoss>.TryCall(name, "power", out string p) && int.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out int power))
            return Power(power);
        return Table.Parse(name);
    }
}

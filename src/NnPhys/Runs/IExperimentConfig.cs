namespace NnPhys.Runs;

/// <summary>A config record of the one experiment shape: <see cref="Validate"/> throws <see cref="InvalidConfigException"/>
/// naming the bad value and the fix, before anything is written.</summary>
public interface IExperimentConfig
{
    /// <summary>Throws unless every value is usable.</summary>
    /// <exception cref="InvalidConfigException">A value is out of range; the message says which and how to fix it.</exception>
    void Validate();
}

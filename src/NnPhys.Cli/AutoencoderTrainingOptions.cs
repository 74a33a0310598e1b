using System.CommandLine;
using NnPhys.Experiments;

namespace NnPhys.Cli;

/// <summary>The options that configure the SPEC §1 training run, shared by <c>train autoencoder</c> and <c>reproduce fokker-planck</c>.</summary>
public sealed class AutoencoderTrainingOptions
{
    readonly Option<string> _digits = new("--digits") { Description = "Digits to train on: a range or list.", DefaultValueFactory = _ => "0-5" };
    readonly Option<int> _epochs;
    readonly Option<int> _batch = new("--batch") { Description = "Minibatch size.", DefaultValueFactory = _ => 128 };
    readonly Option<double> _lr = new("--lr") { Description = "Adam learning rate η (β1=0.9, β2=0.999, ε=1e-8).", DefaultValueFactory = _ => 1e-3 };
    readonly Option<int> _evalSize = new("--eval-size") { Description = "Fixed training images whose latent outputs are recorded every epoch.", DefaultValueFactory = _ => 2000 };
    readonly Option<ulong> _seed = CommonOptions.Seed();

    /// <param name="defaultEpochs">The command's default number of epochs.</param>
    /// <param name="epochsDescription">What --epochs means for the command.</param>
    public AutoencoderTrainingOptions(int defaultEpochs, string epochsDescription) =>
        _epochs = new Option<int>("--epochs") { Description = epochsDescription, DefaultValueFactory = _ => defaultEpochs };

    /// <summary>The --epochs option (e.g. to bound a reused run).</summary>
    public Option<int> Epochs => _epochs;

    /// <summary>The --seed option.</summary>
    public Option<ulong> Seed => _seed;

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { _digits, _epochs, _batch, _lr, _evalSize, _seed }) command.Options.Add(o);
    }

    /// <summary>The validated config from the parsed options.</summary>
    /// <exception cref="InvalidConfigException">A value is out of range; the message names the option.</exception>
    public AutoencoderTrainingConfig Config(ParseResult parse)
    {
        var config = new AutoencoderTrainingConfig(
            CommonOptions.Digits(parse.GetValue(_digits)!),
            Check.Positive(parse.GetValue(_epochs), "--epochs", "--epochs 80"),
            Check.Positive(parse.GetValue(_batch), "--batch", "--batch 128"),
            Check.Positive(parse.GetValue(_lr), "--lr", "--lr 1e-3"),
            parse.GetValue(_seed),
            Check.Positive(parse.GetValue(_evalSize), "--eval-size", "--eval-size 2000"));
        config.Validate();
        return config;
    }
}

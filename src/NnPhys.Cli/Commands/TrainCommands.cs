using System.CommandLine;
using System.Text.Json.Nodes;
using NnPhys.Data;
using NnPhys.Experiments;

namespace NnPhys.Cli.Commands;

/// <summary><c>nnphys train autoencoder</c>: the SPEC §1 training run.</summary>
public static class TrainCommands
{
    public static Command Create()
    {
        var train = new Command("train", "Train networks and record what the theories need.");
        train.Subcommands.Add(Autoencoder());
        return train;
    }

    static Command Autoencoder()
    {
        var cmd = new Command("autoencoder", "Train the MNIST autoencoder with two linear 2-d bottleneck layers (SPEC §1) and write a run directory (checkpoints every epoch; --resume continues a killed run).");
        var training = new AutoencoderTrainingOptions(80, "Training epochs (paper: 80).");
        var output = CommonOptions.Out("autoencoder");
        var data = CommonOptions.Data();
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --out from its last checkpoint (the options must match the saved run)." };
        training.AddTo(cmd);
        foreach (var o in new Option[] { output, data, DataCommands.NoVerifyChecksums, resume }) cmd.Options.Add(o);

        CommandRunner.SetAction(cmd, async (parse, ct) =>
        {
            var config = training.Config(parse);
            bool isResume = parse.GetValue(resume);
            var outDir = parse.GetValue(output) ?? (isResume
                ? throw new InvalidConfigException("--resume needs --out naming the run directory to continue.")
                : CommonOptions.DefaultRunDirectory("autoencoder"));
            NnPhys.Runs.RunDirectory.CheckOutputPath(outDir); // before the MNIST fetch
            bool verify = !parse.GetValue(DataCommands.NoVerifyChecksums);
            var mnist = MnistDataset.Load(await DataCommands.EnsureMnistAsync(parse.GetValue(data), ct, verify), MnistSplit.Train, checksumsVerified: verify);
            var result = await ProgressDisplay.RunAsync($"training {config.Epochs} epochs", config.Epochs, p =>
                Task.Run(() => AutoencoderTraining.Run(config, mnist, outDir, isResume, p, ct), ct));
            ProgressDisplay.Log($"done: final loss {result.FinalLoss:F5}; run directory {result.RunDirectory}");
            return new JsonObject
            {
                ["run_directory"] = result.RunDirectory,
                ["epochs"] = result.Epochs,
                ["training_images"] = result.TrainingImages,
                ["final_train_loss"] = result.FinalLoss,
                ["seconds_per_epoch"] = double.IsNaN(result.SecondsPerEpoch) ? null : result.SecondsPerEpoch,
                ["loss_per_epoch"] = new JsonArray(result.EpochLosses.Select(l => (JsonNode?)l).ToArray()),
            };
        });
        return cmd;
    }
}

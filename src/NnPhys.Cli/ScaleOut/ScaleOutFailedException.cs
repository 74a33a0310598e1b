namespace NnPhys.Cli.ScaleOut;

/// <summary>A scale-out could not finish: the scheduler refused the job, or tasks failed (the message lists them with
/// their log tails and says how to resubmit only those).</summary>
public sealed class ScaleOutFailedException(string message) : NnPhysException(message);

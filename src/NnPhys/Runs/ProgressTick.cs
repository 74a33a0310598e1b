namespace NnPhys.Runs;

/// <summary>One progress report from long library work: units done so far (of a total the caller knows) and an optional status line.</summary>
public readonly record struct ProgressTick(double Done, string? Status = null);

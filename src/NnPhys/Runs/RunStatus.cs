namespace NnPhys.Runs;

/// <summary>
/// Lifecycle state recorded in <c>manifest.json</c>. A run is written as <see cref="Running"/> when it starts and
/// becomes <see cref="Complete"/> only after its last result is on disk, so a killed run never looks finished.
/// </summary>
public enum RunStatus
{
    /// <summary>Started (or resumed) and not yet finished; also what a killed run is left as.</summary>
    Running,
    /// <summary>Finished normally; every result file was written before this status.</summary>
    Complete,
    /// <summary>Stopped by an error; <see cref="RunManifest.StatusMessage"/> says which.</summary>
    Failed,
}

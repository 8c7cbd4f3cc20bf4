namespace Triage.Runs;

/// <summary>A GPU of a topology host.</summary>
/// <param name="Index">The CUDA/nvidia-smi index (the position in the list when the file gives none).</param>
/// <param name="Pci">The PCI bus id as written, or null.</param>
public sealed record TopologyGpu(int Index, string? Pci);

import Foundation

/// What this machine offers for inference: CPU cores, memory and whether an NVIDIA GPU is present.
public struct DeviceInfo: Sendable, Codable, Equatable {
    /// Logical CPU cores available to the process.
    public var cpuCores: Int
    /// Physical memory in bytes.
    public var memoryBytes: UInt64
    /// Whether an NVIDIA driver is loaded (`/proc/driver/nvidia`) or `nvidia-smi` exists.
    public var nvidiaGPU: Bool

    /// Reads the current machine.
    public static func current() -> DeviceInfo {
        let driver = FileManager.default.fileExists(atPath: "/proc/driver/nvidia/version")
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let smi = path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/nvidia-smi") }
        return DeviceInfo(cpuCores: ProcessInfo.processInfo.activeProcessorCount,
                          memoryBytes: ProcessInfo.processInfo.physicalMemory, nvidiaGPU: driver || smi)
    }

    /// One line for `doctor` and logs.
    public var summary: String {
        "\(cpuCores) CPU cores, \(memoryBytes / 1_073_741_824) GiB memory, " + (nvidiaGPU ? "NVIDIA GPU present" : "no NVIDIA GPU")
    }
}

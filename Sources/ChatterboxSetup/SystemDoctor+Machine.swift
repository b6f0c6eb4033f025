import ChatterboxCore
import Foundation

extension SystemDoctor {
    /// Operating system, kernel, CPU and memory.
    func checkSystem() -> SystemCheck {
        let release = (try? String(contentsOfFile: "/etc/os-release", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("PRETTY_NAME=") }
            .map { $0.dropFirst("PRETTY_NAME=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) } ?? "unknown OS"
        var name = utsname()
        uname(&name)
        let kernel = withUnsafeBytes(of: name.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let machine = withUnsafeBytes(of: name.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let device = DeviceInfo.current()
        let memory = Double(device.memoryBytes) / 1_073_741_824
        let status: SystemCheck.Status = memory < 1 ? .warning : .ok
        return SystemCheck(name: "system", status: status,
                           detail: "\(release), Linux \(kernel) \(machine), \(device.cpuCores) CPU cores, " + String(format: "%.1f GiB memory", memory),
                           fix: status == .ok ? nil : "neural voices need about 400 MB each; Chatterbox needs several GB")
    }

    /// Free space where jobs, checkpoints and audio are written.
    func checkDisk() -> SystemCheck {
        let data = Settings.resolve(settings.directories.data, in: workingDirectory)
        var folder = data
        while !FileManager.default.fileExists(atPath: folder.path), folder.path != "/" { folder.deleteLastPathComponent() }
        guard let free = (try? FileManager.default.attributesOfFileSystem(forPath: folder.path))?[.systemFreeSize] as? NSNumber else {
            return SystemCheck(name: "free disk", status: .warning, detail: "cannot read free space at \(folder.path)")
        }
        let gib = free.doubleValue / 1_073_741_824
        let detail = String(format: "%.1f GiB free at %@", gib, folder.path)
        if gib < 0.5 { return SystemCheck(name: "free disk", status: .failed, detail: detail, fix: "free space or set directories.data elsewhere") }
        if gib < 2 { return SystemCheck(name: "free disk", status: .warning, detail: detail, fix: "long jobs and Python models need a few GB") }
        return SystemCheck(name: "free disk", status: .ok, detail: detail)
    }
}

import Foundation

/// Names a running process in leases: `host/pid/nonce`. A lease whose owner is on this host
/// and whose process no longer exists can be taken at once instead of waiting for it to expire.
public enum NodeIdentity {
    /// A fresh identity for this process.
    public static func make() -> String {
        "\(ProcessInfo.processInfo.hostName)/\(getpid())/\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// Whether `owner` names a process on this host that has exited (`current` is this process's identity).
    public static func isDeadLocalProcess(_ owner: String, current: String) -> Bool {
        let parts = owner.split(separator: "/")
        guard owner != current, parts.count == 3, parts[0] == ProcessInfo.processInfo.hostName, let pid = Int32(parts[1]) else { return false }
        if pid == getpid() { return true }  // an earlier process that had our pid
        return kill(pid, 0) != 0 && errno == ESRCH
    }
}

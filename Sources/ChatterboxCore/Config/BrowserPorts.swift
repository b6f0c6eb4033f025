/// Ports web browsers refuse to open (`ERR_UNSAFE_PORT`), from Chromium's `kRestrictedPorts`
/// (net/base/port_util.cc) and Firefox's `gBadPortList` (netwerk/base/nsIOService.cpp), which agree
/// but for a few. The web page cannot be opened on one of these, so the default API port is 2050
/// (the original design's 2049 is NFS's) and `chatterbox api` warns when one is configured.
public enum BrowserPorts {
    public static let refused: Set<Int> = [
        1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110,
        111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532,
        540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061,
        6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
    ]

    /// A warning for `port`, or nil when browsers open it.
    public static func warning(port: Int, key: String) -> String? {
        guard refused.contains(port) else { return nil }
        return "\(key) \(port) is a port web browsers refuse to open (ERR_UNSAFE_PORT): the web page will not load there; choose another, e.g. 2050"
    }
}

import COnnxRuntime
import Foundation
import Synchronization

/// ONNX Runtime, loaded at run time with `dlopen` from `engines.onnxruntime_library`, so the
/// binary builds and the other engines work without it. One environment per process.
public final class OnnxRuntime: @unchecked Sendable {
    /// The C API version requested: every slot in `onnxruntime_min.h` exists from this version on.
    public static let apiVersion: UInt32 = 17

    /// The function table: the library's own static table, valid while the library is loaded
    /// (for the life of the process). Kept as a pointer: a 1.6 kB C struct stored inline in a
    /// class corrupted the neighbouring fields with Swift 6.3.
    let table: UnsafePointer<OrtApi>
    var api: OrtApi { table.pointee }
    /// The library's own version, e.g. `1.32.0`.
    public let version: String
    /// Execution providers the library offers, e.g. `CPUExecutionProvider`.
    public let providers: [String]
    let env: OpaquePointer
    private let handle: UnsafeMutableRawPointer

    private static let loaded = Mutex<[String: OnnxRuntime]>([:])

    /// The runtime at `path`, loaded once per process (C libraries cannot be unloaded safely).
    public static func load(path: String) throws -> OnnxRuntime {
        try loaded.withLock { cache in
            if let runtime = cache[path] { return runtime }
            let runtime = try OnnxRuntime(path: path)
            cache[path] = runtime
            return runtime
        }
    }

    private init(path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ChatterboxError.engine("ONNX Runtime library not found at \(path) (engines.onnxruntime_library); run scripts/install.sh")
        }
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            throw ChatterboxError.engine("cannot load ONNX Runtime from \(path): \(String(cString: dlerror()))")
        }
        guard let symbol = dlsym(handle, "OrtGetApiBase") else {
            dlclose(handle)
            throw ChatterboxError.engine("\(path) is not ONNX Runtime (no OrtGetApiBase)")
        }
        let getBase = unsafeBitCast(symbol, to: OrtGetApiBaseFunction.self)
        guard let base = getBase(), let getApi = base.pointee.GetApi else {
            dlclose(handle)
            throw ChatterboxError.engine("ONNX Runtime at \(path) returned no API")
        }
        let version = base.pointee.GetVersionString.flatMap { $0() }.map { String(cString: $0) } ?? "unknown"
        guard let api = getApi(Self.apiVersion) else {
            dlclose(handle)
            throw ChatterboxError.engine("ONNX Runtime \(version) at \(path) is too old: API \(Self.apiVersion) (1.17 or newer) is needed")
        }
        self.handle = handle
        self.table = api
        self.version = version
        var env: OpaquePointer?
        try Self.check(api.pointee, api.pointee.CreateEnv(3, "chatterbox", &env))
        self.env = env!
        var names: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
        var count: Int32 = 0
        try Self.check(api.pointee, api.pointee.GetAvailableProviders(&names, &count))
        providers = (0..<Int(count)).compactMap { names?[$0].map { String(cString: $0) } }
        _ = api.pointee.ReleaseAvailableProviders(names, count)
    }

    /// Whether the CUDA execution provider is compiled into this library.
    public var offersCUDA: Bool { providers.contains("CUDAExecutionProvider") }

    /// Throws ORT's message when `status` is an error, releasing it.
    func check(_ status: OpaquePointer?) throws {
        try Self.check(api, status)
    }

    static func check(_ api: OrtApi, _ status: OpaquePointer?) throws {
        guard let status else { return }
        let message = api.GetErrorMessage(status).map { String(cString: $0) } ?? "unknown error"
        api.ReleaseStatus(status)
        throw ChatterboxError.engine("ONNX Runtime: \(message)")
    }
}

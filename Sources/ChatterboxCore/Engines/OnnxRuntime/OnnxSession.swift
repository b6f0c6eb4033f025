import COnnxRuntime
import Foundation

/// One loaded ONNX model. `Run` is thread-safe in ONNX Runtime, so one session serves
/// concurrent callers.
public final class OnnxSession: @unchecked Sendable {
    /// A tensor to feed: int64 or float32 values with a shape.
    public enum Tensor {
        case int64([Int64], shape: [Int64])
        case float32([Float], shape: [Int64])
    }

    let runtime: OnnxRuntime
    private let session: OpaquePointer
    private let memoryInfo: OpaquePointer
    /// One model input: its name, element type (ONNX codes: 1 float32, 7 int64) and rank.
    public struct Input: Sendable, Equatable {
        public var name: String
        public var elementType: Int32
        public var rank: Int
    }

    /// The model's inputs, in order.
    public let inputs: [Input]
    /// The model's input names, in order.
    public var inputNames: [String] { inputs.map(\.name) }
    /// How many outputs the model has.
    public let outputCount: Int

    /// Whether the session runs on the CUDA execution provider.
    public let usesCUDA: Bool

    /// Loads the model at `path` with `threads` intra-op threads (0: one per CPU core), on the GPU
    /// when `cuda` is set and the library offers CUDA (falling back to the CPU if CUDA fails).
    public init(runtime: OnnxRuntime, path: String, threads: Int, cuda: Bool = false) throws {
        self.runtime = runtime
        let api = runtime.api
        var options: OpaquePointer?
        try runtime.check(api.CreateSessionOptions(&options))
        defer { api.ReleaseSessionOptions(options) }
        // ORT's own default (0) counts physical cores and was 6% slower than one thread per
        // logical core on our 2-vCPU machine (docs/benchmarks.md).
        let intraOpThreads = threads > 0 ? threads : ProcessInfo.processInfo.activeProcessorCount
        try runtime.check(api.SetIntraOpNumThreads(options, Int32(intraOpThreads)))
        try runtime.check(api.SetInterOpNumThreads(options, 1))
        try runtime.check(api.SetSessionGraphOptimizationLevel(options, Int32(ORT_ENABLE_ALL)))
        // Memory patterns plan buffers for one input shape; every sentence has another length, so they
        // only grew the peak: 344 -> 304 MB over bench/wyoming.sh's texts at the same speed. Turning the
        // CPU arena off too lowered the resting size but raised the peak to 425 MB (docs/benchmarks.md).
        try runtime.check(api.DisableMemPattern(options))
        usesCUDA = cuda && runtime.offersCUDA && Self.appendCUDA(api: api, runtime: runtime, options: options)
        var session: OpaquePointer?
        try runtime.check(api.CreateSession(runtime.env, path, options, &session))
        self.session = session!
        var info: OpaquePointer?
        do {
            try runtime.check(api.CreateCpuMemoryInfo(Int32(ORT_ARENA_ALLOCATOR), Int32(ORT_MEM_TYPE_DEFAULT), &info))
            var allocator: OpaquePointer?
            try runtime.check(api.GetAllocatorWithDefaultOptions(&allocator))
            var count = 0
            try runtime.check(api.SessionGetInputCount(session, &count))
            var described: [Input] = []
            for index in 0..<count {
                var name: UnsafeMutablePointer<CChar>?
                try runtime.check(api.SessionGetInputName(session, index, allocator, &name))
                let text = String(cString: name!)
                _ = api.AllocatorFree(allocator, name)
                described.append(try Self.describeInput(api: api, runtime: runtime, session: session, index: index, name: text))
            }
            var outputs = 0
            try runtime.check(api.SessionGetOutputCount(session, &outputs))
            inputs = described
            outputCount = outputs
            memoryInfo = info!
        } catch {
            if let info { api.ReleaseMemoryInfo(info) }
            api.ReleaseSession(session)
            throw error
        }
    }

    deinit {
        runtime.api.ReleaseMemoryInfo(memoryInfo)
        runtime.api.ReleaseSession(session)
    }

    /// Runs the model and returns its output `output` as float32 values.
    public func run(_ inputs: [(name: String, tensor: Tensor)]) throws -> [Float] {
        try run(inputs, outputs: ["output"])[0]
    }

    /// Runs the model and returns the float32 outputs named `outputs`, in that order.
    public func run(_ inputs: [(name: String, tensor: Tensor)], outputs requested: [String]) throws -> [[Float]] {
        let api = runtime.api
        var values: [OpaquePointer?] = []
        defer { for value in values { api.ReleaseValue(value) } }
        // The tensors borrow these buffers until Run returns; keep them alive in one place.
        var storage: [UnsafeMutableRawBufferPointer] = []
        defer { for buffer in storage { buffer.deallocate() } }
        for (_, tensor) in inputs {
            var value: OpaquePointer?
            switch tensor {
            case .int64(let data, let shape):
                let buffer = Self.copy(data)
                storage.append(buffer)
                try runtime.check(api.CreateTensorWithDataAsOrtValue(memoryInfo, buffer.baseAddress, buffer.count, shape, shape.count, Int32(ORT_TENSOR_INT64), &value))
            case .float32(let data, let shape):
                let buffer = Self.copy(data)
                storage.append(buffer)
                try runtime.check(api.CreateTensorWithDataAsOrtValue(memoryInfo, buffer.baseAddress, buffer.count, shape, shape.count, Int32(ORT_TENSOR_FLOAT), &value))
            }
            values.append(value)
        }
        let names = inputs.map { strdup($0.name) }
        defer { for name in names { free(name) } }
        let outputNames = requested.map { strdup($0) }
        defer { for name in outputNames { free(name) } }
        var outputs = [OpaquePointer?](repeating: nil, count: requested.count)
        let inputNames: [UnsafePointer<CChar>?] = names.map { $0.map { UnsafePointer($0) } }
        let inputValues: [OpaquePointer?] = values
        let wanted: [UnsafePointer<CChar>?] = outputNames.map { $0.map { UnsafePointer($0) } }
        try inputNames.withUnsafeBufferPointer { namePointer in
            try inputValues.withUnsafeBufferPointer { valuePointer in
                try runtime.check(api.Run(session, nil, namePointer.baseAddress, valuePointer.baseAddress, inputs.count,
                                          wanted, wanted.count, &outputs))
            }
        }
        defer { for output in outputs { api.ReleaseValue(output) } }
        return try outputs.map { try floats(of: $0) }
    }

    /// The values of a float32 output tensor.
    private func floats(of output: OpaquePointer?) throws -> [Float] {
        let api = runtime.api
        var shapeInfo: OpaquePointer?
        try runtime.check(api.GetTensorTypeAndShape(output, &shapeInfo))
        defer { api.ReleaseTensorTypeAndShapeInfo(shapeInfo) }
        var elementType: Int32 = 0
        try runtime.check(api.GetTensorElementType(shapeInfo, &elementType))
        guard elementType == ORT_TENSOR_FLOAT else {
            throw ChatterboxError.engine("the model returned a tensor of element type \(elementType), not float32")
        }
        var count = 0
        try runtime.check(api.GetTensorShapeElementCount(shapeInfo, &count))
        var data: UnsafeMutableRawPointer?
        try runtime.check(api.GetTensorMutableData(output, &data))
        guard let data else { return [] }
        return Array(UnsafeBufferPointer(start: data.assumingMemoryBound(to: Float.self), count: count))
    }

    private static func describeInput(api: OrtApi, runtime: OnnxRuntime, session: OpaquePointer?, index: Int, name: String) throws -> Input {
        var typeInfo: OpaquePointer?
        try runtime.check(api.SessionGetInputTypeInfo(session, index, &typeInfo))
        defer { api.ReleaseTypeInfo(typeInfo) }
        var tensorInfo: OpaquePointer?
        try runtime.check(api.CastTypeInfoToTensorInfo(typeInfo, &tensorInfo))
        guard let tensorInfo else { return Input(name: name, elementType: 0, rank: 0) }  // not a tensor
        var elementType: Int32 = 0
        try runtime.check(api.GetTensorElementType(tensorInfo, &elementType))
        var rank = 0
        try runtime.check(api.GetDimensionsCount(tensorInfo, &rank))
        return Input(name: name, elementType: elementType, rank: rank)
    }

    private static func appendCUDA(api: OrtApi, runtime: OnnxRuntime, options: OpaquePointer?) -> Bool {
        var cuda: OpaquePointer?
        guard (try? runtime.check(api.CreateCUDAProviderOptions(&cuda))) != nil else { return false }
        defer { api.ReleaseCUDAProviderOptions(cuda) }
        return (try? runtime.check(api.SessionOptionsAppendExecutionProvider_CUDA_V2(options, cuda))) != nil
    }

    private static func copy<T>(_ values: [T]) -> UnsafeMutableRawBufferPointer {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, values.count * MemoryLayout<T>.stride), alignment: 16)
        values.withUnsafeBytes { buffer.copyMemory(from: $0) }
        return UnsafeMutableRawBufferPointer(rebasing: buffer[0..<(values.count * MemoryLayout<T>.stride)])
    }
}

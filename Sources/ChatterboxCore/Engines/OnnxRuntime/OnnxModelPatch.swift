import Foundation

/// Makes an intermediate tensor of an ONNX model a graph output, editing the model's protobuf bytes
/// in memory: what piper-tts's `patch_voice_with_alignment.py` does with the `onnx` package, without
/// Python and without changing the file. A Piper voice's duration predictor ends in the only `Ceil`
/// node of its graph; its output is the number of frames each phoneme id lasts.
///
/// Only the outer structure is read: `ModelProto.graph` (field 7), its `node`s (field 1, each with
/// `output` 2 and `op_type` 4) and `output`s (field 12, `ValueInfoProto.name` 1). The patched model is
/// the same bytes with one `ValueInfoProto` appended to the graph (protobuf allows a repeated field's
/// entries anywhere), so weights and every other field are untouched.
public enum OnnxModelPatch {
    /// How to patch one model: its bytes before the graph field is rewritten (every other field), where the
    /// graph's bytes are, the `GraphProto.output` entry to append, and the tensor it names.
    struct Plan {
        var prefix: Data
        var graph: Range<Int>
        var entry: Data
        var tensor: String

        /// The graph field's key and new length.
        var graphHeader: Data { Data([0x3A]) + OnnxModelPatch.varint(graph.count + entry.count) }  // ModelProto.graph (7, length-delimited)
    }

    /// The model with the output of its single node of type `operator` added as a graph output, and
    /// that tensor's name; nil when the graph has no such node, several, or already outputs it.
    public static func exposingOutput(ofOnly operator: String, in model: Data) -> (model: Data, tensor: String)? {
        model.withUnsafeBytes { bytes -> (Data, String)? in
            guard let plan = plan(ofOnly: `operator`, in: bytes) else { return nil }
            var patched = Data(capacity: model.count + plan.entry.count + 16)
            patched.append(plan.prefix)
            patched.append(plan.graphHeader)
            patched.append(contentsOf: bytes[plan.graph])
            patched.append(plan.entry)
            return (patched, plan.tensor)
        }
    }

    /// Writes the model at `source`, patched as `exposingOutput(ofOnly:in:)` does, to `destination`, copying the
    /// graph (its weights) file to file in 1 MiB pieces so the model is never held in memory; the tensor's name,
    /// or nil (nothing written) when the model cannot be patched.
    public static func write(exposingOnly operator: String, of source: URL, to destination: URL) throws -> String? {
        let mapped = try Data(contentsOf: source, options: .alwaysMapped)  // only the fields read are paged in
        guard let plan = mapped.withUnsafeBytes({ plan(ofOnly: `operator`, in: $0) }) else { return nil }
        guard FileManager.default.createFile(atPath: destination.path, contents: plan.prefix + plan.graphHeader) else {
            throw ChatterboxError.io("cannot write \(destination.path)")
        }
        let output = try FileHandle(forWritingTo: destination), input = try FileHandle(forReadingFrom: source)
        defer { try? output.close(); try? input.close() }
        try output.seekToEnd()
        try input.seek(toOffset: UInt64(plan.graph.lowerBound))
        var left = plan.graph.count
        while left > 0, let piece = try input.read(upToCount: min(left, 1 << 20)), !piece.isEmpty {
            try output.write(contentsOf: piece)
            left -= piece.count
        }
        guard left == 0 else { throw ChatterboxError.io("\(source.lastPathComponent) ended early while it was copied") }
        try output.write(contentsOf: plan.entry)
        return plan.tensor
    }

    static func plan(ofOnly operator: String, in bytes: UnsafeRawBufferPointer) -> Plan? {
        var reader = Reader(bytes: bytes, range: 0..<bytes.count)
        var graphRange: Range<Int>?
        var prefix = Data()
        while let next = reader.next() {
            guard let field = next else { return nil }
            if field.number == 7, field.wireType == 2 { graphRange = field.range } else { prefix.append(contentsOf: bytes[field.whole]) }
        }
        guard let graphRange, let tensor = outputTensor(of: `operator`, graph: bytes, range: graphRange) else { return nil }
        var entry = Data([0x0A]) + varint(tensor.utf8.count) + Data(tensor.utf8)  // ValueInfoProto.name
        entry = Data([0x62]) + varint(entry.count) + entry  // GraphProto.output (12, length-delimited)
        return Plan(prefix: prefix, graph: graphRange, entry: entry, tensor: tensor)
    }

    private static func outputTensor(of operator: String, graph bytes: UnsafeRawBufferPointer, range: Range<Int>) -> String? {
        var reader = Reader(bytes: bytes, range: range)
        var found: [String] = []
        var outputs: Set<String> = []
        while let next = reader.next() {
            guard let field = next else { return nil }
            guard field.wireType == 2 else { continue }
            if field.number == 1 {  // NodeProto
                var node = Reader(bytes: bytes, range: field.range)
                var names: [String] = [], type = ""
                while let part = node.next() {
                    guard let part else { return nil }
                    if part.number == 2, part.wireType == 2 { names.append(String(decoding: bytes[part.range], as: UTF8.self)) }
                    if part.number == 4, part.wireType == 2 { type = String(decoding: bytes[part.range], as: UTF8.self) }
                }
                if type == `operator` { found += names }
            } else if field.number == 12 {  // ValueInfoProto
                var info = Reader(bytes: bytes, range: field.range)
                while let part = info.next() {
                    guard let part else { return nil }
                    if part.number == 1, part.wireType == 2 { outputs.insert(String(decoding: bytes[part.range], as: UTF8.self)) }
                }
            }
        }
        guard found.count == 1, !outputs.contains(found[0]) else { return nil }
        return found[0]
    }

    static func varint(_ value: Int) -> Data {
        var value = UInt64(value), bytes = Data()
        repeat {
            bytes.append(UInt8(value & 0x7F) | (value > 0x7F ? 0x80 : 0))
            value >>= 7
        } while value > 0
        return bytes
    }

    /// One protobuf field: its number, wire type, the payload (for length-delimited fields) and the whole encoding.
    struct Field: Equatable {
        var number: UInt64
        var wireType: UInt64
        var range: Range<Int>
        var whole: Range<Int>
    }

    /// Walks the fields of one message; `next()` is nil at the end and `.some(nil)` on malformed bytes.
    struct Reader {
        let bytes: UnsafeRawBufferPointer
        var position: Int
        let end: Int

        init(bytes: UnsafeRawBufferPointer, range: Range<Int>) {
            self.bytes = bytes
            position = range.lowerBound
            end = range.upperBound
        }

        mutating func next() -> Field?? {
            guard position < end else { return .none }
            let start = position
            guard let key = varint() else { return .some(nil) }
            let wireType = key & 7
            var payload = position..<position
            switch wireType {
            case 0: guard varint() != nil else { return .some(nil) }
            case 1: position += 8
            case 5: position += 4
            case 2:
                guard let length = varint(), length <= UInt64(end - position) else { return .some(nil) }
                payload = position..<(position + Int(length))
                position += Int(length)
            default: return .some(nil)  // groups are not used by ONNX
            }
            guard position <= end else { return .some(nil) }
            return Field(number: key >> 3, wireType: wireType, range: payload, whole: start..<position)
        }

        private mutating func varint() -> UInt64? {
            var value: UInt64 = 0, shift: UInt64 = 0
            while position < end, shift < 64 {
                let byte = bytes[position]
                position += 1
                value |= UInt64(byte & 0x7F) << shift
                if byte & 0x80 == 0 { return value }
                shift += 7
            }
            return nil
        }
    }
}

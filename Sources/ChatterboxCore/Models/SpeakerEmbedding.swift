import Foundation

/// A SpeechT5 speaker embedding as NumPy writes it (`numpy.save`): a `.npy` file of 512 little-endian
/// float32 (or float64) numbers, shape `(512,)` or `(1, 512)`, C order. Checked before it is kept: the
/// magic, a header NumPy would write, the shape, the data length and finite values.
public enum SpeakerEmbedding {
    public static let dimensions = 512

    /// The embedding's values, or `400 invalid_embedding` saying what is wrong.
    public static func values(of data: Data, field: String = "embedding") throws -> [Float] {
        func refuse(_ why: String) -> ChatterboxError {
            ChatterboxError(.invalidEmbedding, message: "the speaker embedding \(why); SpeechT5 takes a .npy of 512 float32 numbers", field: field)
        }
        let bytes = [UInt8](data.prefix(12))
        guard bytes.count >= 10, bytes[0] == 0x93, Array(bytes[1...5]) == Array("NUMPY".utf8) else { throw refuse("is not a .npy file") }
        let major = bytes[6]
        let headerLength = major == 1 ? Int(bytes[8]) | Int(bytes[9]) << 8
            : bytes.count >= 12 ? Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24 : -1
        let headerStart = major == 1 ? 10 : 12
        guard (1...3).contains(major), headerLength > 0, headerLength <= 4096, data.count >= headerStart + headerLength else {
            throw refuse("has no readable .npy header")
        }
        let header = String(decoding: data[data.startIndex + headerStart ..< data.startIndex + headerStart + headerLength], as: UTF8.self)
        guard header.contains("'fortran_order': False") else { throw refuse("is not in C order") }
        let width: Int
        if header.contains("'descr': '<f4'") { width = 4 } else if header.contains("'descr': '<f8'") { width = 8 } else {
            throw refuse("is not little-endian float32 or float64")
        }
        guard header.contains("'shape': (\(dimensions),)") || header.contains("'shape': (1, \(dimensions))") else {
            throw refuse("does not have the shape (512,) or (1, 512)")
        }
        let payload = data.dropFirst(headerStart + headerLength)
        guard payload.count == dimensions * width else { throw refuse("holds \(payload.count) bytes of numbers, not \(dimensions * width)") }
        let values: [Float] = (0..<dimensions).map { index in
            let start = payload.startIndex + index * width
            var bits: UInt64 = 0
            for offset in 0..<width { bits |= UInt64(payload[start + offset]) << (8 * UInt64(offset)) }
            return width == 4 ? Float(bitPattern: UInt32(bits)) : Float(Double(bitPattern: bits))
        }
        guard values.allSatisfy(\.isFinite) else { throw refuse("holds numbers that are not finite") }
        return values
    }
}

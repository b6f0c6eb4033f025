/// Where each spoken word of one Piper sentence lies in its audio, from the samples each model id
/// lasts: ids are laid out as `PiperVoiceConfig.ids(for:)` writes them (`^ _`, each phoneme and a pad,
/// `$`), so a phoneme's time is its ids' and its pad's, as in piper-tts's alignments. A word is a run of
/// phonemes between espeak-ng's word spaces; punctuation (a pause, not a word) is left out of it.
struct PiperAlignment {
    let config: PiperVoiceConfig

    static let punctuation: Set<String> = [".", ",", ";", ":", "!", "?", "¡", "¿", "—", "…", "\"", "«", "»", "“", "”", "(", ")"]

    /// Stress and length marks: part of a word, not sounds of their own.
    static let marks: Set<String> = ["ˈ", "ˌ", "ː"]

    /// Sample ranges of the words of `phonemes` (one sentence) with how many phonemes each has (stress
    /// marks not counted), or nil when `idSamples` does not fit them.
    func wordSpans(phonemes: [String], idSamples: [Int]) -> [(samples: Range<Int>, size: Int)]? {
        let map = config.phonemeIdMap, pad = map["_"]?.count ?? 0
        let mapped = phonemes.compactMap { phoneme in map[phoneme].map { (phoneme, $0.count + pad) } }
        let head = (map["^"]?.count ?? 0) + pad
        let tail = map["$"]?.count ?? 0, inner = mapped.reduce(0) { $0 + $1.1 }
        guard idSamples.count == head + inner + tail else { return nil }
        var index = head, position = idSamples[0..<head].reduce(0, +)
        var spans: [(samples: Range<Int>, size: Int)] = [], word: Range<Int>?, size = 0
        for (phoneme, count) in mapped {
            let length = idSamples[index..<(index + count)].reduce(0, +)
            let range = position..<(position + length)
            if phoneme == " " {
                if let done = word { spans.append((done, size)) }
                (word, size) = (nil, 0)
            } else if !Self.punctuation.contains(phoneme) {
                word = word.map { $0.lowerBound..<range.upperBound } ?? range
                if !Self.marks.contains(phoneme) { size += 1 }
            }
            index += count
            position += length
        }
        if let done = word { spans.append((done, size)) }
        return spans
    }
}

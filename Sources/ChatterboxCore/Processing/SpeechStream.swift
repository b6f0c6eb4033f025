/// A synthesis in progress: the voice, and its audio chunk by chunk, with what goes between chunks.
public struct SpeechStream: Sendable {
    /// The voice speaking.
    public var voice: VoiceInfo
    /// How many chunks `chunks` yields.
    public var chunkCount: Int
    /// Silence to insert between consecutive sentences.
    public var silence: AudioBuffer
    /// Chunks that continue the sentence of the chunk before them (a first sentence split at a clause).
    public var clauseJoins: Set<Int> = []
    /// Seconds of pause at a clause join, from the last speech of one part to the first of the next.
    public var clausePause: Double = 0
    /// Seconds of silence before a chunk where SSML set them (its breaks, plus the sentence silence where a
    /// sentence begins); they replace `silence` there.
    public var gapsBefore: [Int: Double] = [:]
    /// Seconds of silence after the last chunk (a `<break>` at the end of an SSML document).
    public var trailingPause: Double = 0
    /// The audio, in text order.
    public var chunks: ChunkSynthesis
    /// The text as the request wrote it, for captions in its spelling (`nil` for SSML: words as spoken).
    public var writtenText: String?

    /// An empty caption track for this synthesis.
    public func captionTrack() -> CaptionTrack { CaptionTrack(writtenAs: writtenText) }

    /// What to send for chunk `index`: the pause before it (none before the first chunk), then its audio.
    ///
    /// Between sentences the pause is `silence`, as everywhere. At a clause join the parts' own
    /// leading and trailing quiet is cut to a short margin (the fade of the last sound stays) and the
    /// pause is made `clausePause` long, the length of a comma's pause inside a sentence; the part
    /// before a join is sent without its trailing quiet, so nothing has to be taken back.
    public func samples(index: Int, audio: AudioBuffer) -> [Float] {
        let placed = placement(index: index, audio: audio)
        var result = placed.lead
        result += audio.samples[placed.range]
        if index == chunkCount - 1, trailingPause > 0 { result += AudioBuffer.silence(seconds: trailingPause, sampleRate: audio.sampleRate).samples }
        return result
    }

    /// The words of chunk `index`, timed from the first of the samples `samples(index:audio:)` returns for it
    /// (a word in quiet that a clause join cut is clamped to what is sent).
    public func words(index: Int, audio: AudioBuffer) -> [WordTiming] {
        let placed = placement(index: index, audio: audio), rate = Double(audio.sampleRate)
        let lead = Double(placed.lead.count) / rate, cut = Double(placed.range.lowerBound) / rate
        let last = Double(placed.range.upperBound) / rate
        return audio.words.map { word in
            WordTiming(word: word.word, start: lead + max(0, min(word.start, last) - cut), end: lead + max(0, min(word.end, last) - cut))
        }
    }

    /// What goes before chunk `index` (silence or a pause) and which of its samples are sent.
    private func placement(index: Int, audio: AudioBuffer) -> (lead: [Float], range: Range<Int>) {
        let whole = 0..<audio.samples.count
        if let gap = gapsBefore[index] { return (AudioBuffer.silence(seconds: gap, sampleRate: audio.sampleRate).samples, whole) }
        let joinsBefore = clauseJoins.contains(index), joinsAfter = clauseJoins.contains(index + 1)
        guard joinsBefore || joinsAfter else { return (index > 0 ? silence.samples : [], whole) }
        guard let edges = audio.speechEdges() else { return (index > 0 && !joinsBefore ? silence.samples : [], whole) }
        let margin = Swift.min(audio.samples.count, Int(0.03 * Double(audio.sampleRate)))
        let start = joinsBefore ? Swift.max(0, edges.start - margin) : 0
        let end = joinsAfter ? Swift.min(audio.samples.count, edges.end + margin) : audio.samples.count
        if joinsBefore {
            let quiet = (edges.start - start) + margin
            let pause = Int(clausePause * Double(audio.sampleRate)) - quiet
            return ([Float](repeating: 0, count: Swift.max(0, pause)), start..<end)
        }
        return (index > 0 ? silence.samples : [], start..<end)
    }
}

/// One subtitle: the words shown together and when. Words are grouped as subtitles are read: a cue ends
/// after a sentence's last word, before a pause longer than `pause`, or before it would grow past
/// `maxCharacters` (42, the usual subtitle line) or `maxSeconds`.
struct CaptionCue: Equatable {
    var text: String
    var start: Double
    var end: Double

    static func cues(of words: [WordTiming], maxCharacters: Int = 42, maxSeconds: Double = 6, pause: Double = 0.6) -> [CaptionCue] {
        var cues: [CaptionCue] = []
        var current: CaptionCue?
        var endsSentence = false
        for word in words {
            let text = word.word.replacingOccurrences(of: "\n", with: " ")
            if let cue = current {
                let fits = cue.text.count + 1 + text.count <= maxCharacters && word.end - cue.start <= maxSeconds
                if fits, !endsSentence, word.start - cue.end <= pause {
                    current = CaptionCue(text: cue.text + " " + text, start: cue.start, end: word.end)
                } else {
                    cues.append(cue)
                    current = CaptionCue(text: text, start: word.start, end: word.end)
                }
            } else {
                current = CaptionCue(text: text, start: word.start, end: word.end)
            }
            endsSentence = text.last.map { ".!?…".contains($0) } ?? false
        }
        if let current { cues.append(current) }
        return cues
    }
}

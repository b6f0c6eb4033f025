/// English words for numbers: cardinals, ordinals, decimals and years.
public enum NumberWords {
    private static let ones = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                               "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
                               "seventeen", "eighteen", "nineteen"]
    private static let tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    private static let scales: [(Int, String)] = [
        (1_000_000_000_000_000, "quadrillion"), (1_000_000_000_000, "trillion"),
        (1_000_000_000, "billion"), (1_000_000, "million"), (1_000, "thousand"),
    ]

    /// `42` -> "forty-two", `-7` -> "minus seven", `1_000_001` -> "one million one".
    public static func cardinal(_ number: Int) -> String {
        if number < 0 { return "minus " + cardinal(number == Int.min ? Int.max : -number) }
        if number < 1000 { return belowThousand(number) }
        var rest = number
        var words: [String] = []
        for (value, name) in scales where rest >= value {
            words.append(cardinal(rest / value) + " " + name)
            rest %= value
        }
        if rest > 0 { words.append(belowThousand(rest)) }
        return words.joined(separator: " ")
    }

    private static func belowThousand(_ number: Int) -> String {
        if number < 20 { return ones[number] }
        if number < 100 {
            let unit = number % 10
            return tens[number / 10] + (unit > 0 ? "-" + ones[unit] : "")
        }
        let rest = number % 100
        return ones[number / 100] + " hundred" + (rest > 0 ? " " + belowThousand(rest) : "")
    }

    /// `1` -> "first", `22` -> "twenty-second", `100` -> "one hundredth".
    public static func ordinal(_ number: Int) -> String {
        let words = cardinal(number)
        let irregular = ["one": "first", "two": "second", "three": "third", "five": "fifth",
                         "eight": "eighth", "nine": "ninth", "twelve": "twelfth"]
        // Only the last word changes: "twenty-one" -> "twenty-first".
        let splitIndex = words.lastIndex(where: { $0 == " " || $0 == "-" }).map { words.index(after: $0) } ?? words.startIndex
        let head = String(words[..<splitIndex])
        let last = String(words[splitIndex...])
        if let word = irregular[last] { return head + word }
        if last.hasSuffix("y") { return head + last.dropLast() + "ieth" }
        return head + last + "th"
    }

    /// Reads digits one by one: "0.25" fraction part -> "two five".
    public static func digits(_ text: Substring) -> String {
        text.compactMap { $0.wholeNumberValue }.map { ones[$0] }.joined(separator: " ")
    }

    /// `"3.14"` -> "three point one four"; `"-0.5"` -> "minus zero point five".
    public static func decimal(_ text: String) -> String {
        var text = Substring(text)
        var prefix = ""
        if text.hasPrefix("-") { prefix = "minus "; text = text.dropFirst() }
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = Int(parts[0].filter { $0 != "," }) ?? 0
        guard parts.count == 2, !parts[1].isEmpty else { return prefix + cardinal(whole) }
        return prefix + cardinal(whole) + " point " + digits(parts[1])
    }

    /// Years read the way people say them: 1999 -> "nineteen ninety-nine", 2005 -> "two thousand five",
    /// 2024 -> "twenty twenty-four", 1900 -> "nineteen hundred".
    public static func year(_ year: Int) -> String {
        guard (1000...9999).contains(year) else { return cardinal(year) }
        let high = year / 100
        let low = year % 100
        if year % 1000 < 10 && year % 1000 != 0 || year % 1000 == 0 { return cardinal(year) }
        if low == 0 { return cardinal(high) + " hundred" }
        if low < 10 { return cardinal(high) + " oh " + cardinal(low) }
        return cardinal(high) + " " + cardinal(low)
    }
}

extension TextNormalizer {
    private static let currencies: [Character: (one: String, many: String, cent: String, cents: String)] = [
        "$": ("dollar", "dollars", "cent", "cents"), "£": ("pound", "pounds", "penny", "pence"),
        "€": ("euro", "euros", "cent", "cents"), "¥": ("yen", "yen", "sen", "sen"),
    ]

    /// `$5` -> "five dollars", `$3.50` -> "three dollars and fifty cents", `€2 million` -> "two million euros".
    func expandCurrency(_ text: String) -> String {
        text.replacing(Self.currencyAmount) { match in
            let names = Self.currencies[match.1.first!]!
            let whole = Int(match.2.filter { $0 != "," }) ?? 0
            if let scale = match.4 {
                let scaleWord = ["k": "thousand", "m": "million", "b": "billion"][scale.lowercased()] ?? String(scale)
                let amount = match.3.map { NumberWords.decimal("\(whole).\($0)") } ?? NumberWords.cardinal(whole)
                return "\(amount) \(scaleWord) \(names.many)"
            }
            var words = "\(NumberWords.cardinal(whole)) \(whole == 1 ? names.one : names.many)"
            if let centText = match.3 {
                let cents = Int(centText.count == 1 ? centText + "0" : String(centText)) ?? 0
                if cents > 0 {
                    words += " and \(NumberWords.cardinal(cents)) \(cents == 1 ? names.cent : names.cents)"
                }
            }
            return words
        }
    }

    /// `50%` -> "fifty percent", `2.5 %` -> "two point five percent".
    func expandPercentages(_ text: String) -> String {
        text.replacing(Self.percentage) { "\(NumberWords.decimal(String($0.1))) percent" }
    }

    /// `1st` -> "first", `22nd` -> "twenty-second".
    func expandOrdinals(_ text: String) -> String {
        text.replacing(Self.ordinalNumber) { match in
            guard let number = Int(match.1.filter { $0 != "," }) else { return String(match.0) }
            return NumberWords.ordinal(number)
        }
    }

    /// Four-digit years after words that introduce them (`in 1999`), and decades (`the 1980s`).
    func expandYears(_ text: String) -> String {
        var text = text.replacing(Self.decade) { match in
            let high = Int(match.1)!, low = Int(match.2)!
            let decade = low == 0 ? NumberWords.cardinal(high) + " hundreds" : pluralDecade(low)
            return low == 0 ? decade : "\(NumberWords.cardinal(high)) \(decade)"
        }
        text = text.replacing(Self.yearAfterWord) { match in
            "\(match.1) \(NumberWords.year(Int(match.2)!))"
        }
        return text
    }

    private func pluralDecade(_ low: Int) -> String {
        let word = NumberWords.cardinal(low)
        return word.hasSuffix("y") ? word.dropLast() + "ies" : word + "s"
    }

    /// Remaining numbers: ranges (`10-20` -> "ten to twenty"), negatives, thousands separators, decimals.
    func expandNumbers(_ text: String) -> String {
        var text = text.replacing(Self.numberRange) { match in
            "\(NumberWords.cardinal(Int(match.1) ?? 0)) to \(NumberWords.cardinal(Int(match.2) ?? 0))"
        }
        text = text.replacing(Self.smallFraction) { fraction(Int($0.1) ?? 0, Int($0.2) ?? 1) }
        text = text.replacing(Self.leadingMinus) { "\($0.1)minus \($0.2)" }
        return text.replacing(Self.plainNumber) { match in
            let digits = String(match.0)
            // Very long digit strings (phone numbers, ids) read digit by digit.
            if digits.filter(\.isNumber).count > 15 { return NumberWords.digits(Substring(digits)) }
            if digits.contains(".") { return NumberWords.decimal(digits) }
            return NumberWords.cardinal(Int(digits.filter { $0 != "," }) ?? 0)
        }
    }

    /// `1/2` -> "one half", `3/4` -> "three quarters", `5/8` -> "five eighths", `7/100` -> "seven over one hundred".
    func fraction(_ numerator: Int, _ denominator: Int) -> String {
        let top = NumberWords.cardinal(numerator)
        switch denominator {
        case 0: return "\(top) over zero"
        case 1: return "\(top) over one"
        case 2: return numerator == 1 ? "one half" : "\(top) halves"
        case 4: return numerator == 1 ? "one quarter" : "\(top) quarters"
        case 3...20: return "\(top) \(NumberWords.ordinal(denominator))\(numerator == 1 ? "" : "s")"
        default: return "\(top) over \(NumberWords.cardinal(denominator))"
        }
    }

    /// Units after a number: `5 km` -> "5 kilometers" (the number is read by `expandNumbers`).
    func expandUnits(_ text: String) -> String {
        let units: [String: (String, String)] = [
            "km": ("kilometer", "kilometers"), "cm": ("centimeter", "centimeters"), "mm": ("millimeter", "millimeters"),
            "kg": ("kilogram", "kilograms"), "mg": ("milligram", "milligrams"), "lb": ("pound", "pounds"),
            "lbs": ("pound", "pounds"), "oz": ("ounce", "ounces"), "ft": ("foot", "feet"), "mi": ("mile", "miles"),
            "mph": ("mile per hour", "miles per hour"), "km/h": ("kilometer per hour", "kilometers per hour"),
            "kph": ("kilometer per hour", "kilometers per hour"), "ms": ("millisecond", "milliseconds"),
            "GB": ("gigabyte", "gigabytes"), "MB": ("megabyte", "megabytes"), "KB": ("kilobyte", "kilobytes"),
            "TB": ("terabyte", "terabytes"), "°C": ("degree Celsius", "degrees Celsius"),
            "°F": ("degree Fahrenheit", "degrees Fahrenheit"), "Hz": ("hertz", "hertz"), "kHz": ("kilohertz", "kilohertz"),
        ]
        return text.replacing(Self.numberWithUnit) { match in
            guard let names = units[String(match.2)] else { return String(match.0) }
            return "\(match.1) \(match.1 == "1" ? names.0 : names.1)"
        }
    }
}

/// The patterns above, compiled once: a regex literal is compiled again each time it is evaluated,
/// which cost more than the matching on short texts. `Regex` is not `Sendable`, but its compiled
/// program is initialised atomically on first use, so one shared value is safe.
extension TextNormalizer {
    nonisolated(unsafe) static let currencyAmount = /([$£€¥])\s?(\d[\d,]*)(?:\.(\d{1,2}))?(?:\s?(thousand|million|billion|trillion|[kKmMbB])\b)?/
    nonisolated(unsafe) static let percentage = /(-?\d[\d,]*(?:\.\d+)?)\s?%/
    nonisolated(unsafe) static let ordinalNumber = /\b(\d[\d,]*)(st|nd|rd|th)\b/.ignoresCase()
    nonisolated(unsafe) static let decade = /\b(\d{2})(\d{2})s\b/
    nonisolated(unsafe) static let yearAfterWord = /\b(in|since|by|from|until|till|of|year|around|circa|before|after|during)\s+(1[1-9]\d\d|20\d\d)\b/.ignoresCase()
    nonisolated(unsafe) static let numberRange = /\b(\d+)\s?-\s?(\d+)\b/
    nonisolated(unsafe) static let smallFraction = /\b(\d{1,3})\/(\d{1,3})\b/
    nonisolated(unsafe) static let leadingMinus = /(^|[\s(])-(\d)/
    nonisolated(unsafe) static let plainNumber = /\b\d{1,3}(?:,\d{3})+(?:\.\d+)?\b|\b\d+(?:\.\d+)?\b/
    nonisolated(unsafe) static let numberWithUnit = /(\d(?:[\d,]*\d)?(?:\.\d+)?)\s?(km\/h|°C|°F|kHz|km|cm|mm|kg|mg|lbs|lb|oz|ft|mi|mph|kph|ms|GB|MB|KB|TB|Hz)\b/
}

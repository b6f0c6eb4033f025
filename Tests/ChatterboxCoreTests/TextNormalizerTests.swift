import Testing
@testable import ChatterboxCore

@Suite("Text normalisation")
struct TextNormalizerTests {
    static let cases: [(String, String)] = [
        ("I have 3 apples.", "I have three apples."),
        ("It costs $5.", "It costs five dollars."),
        ("It costs $3.50 today.", "It costs three dollars and fifty cents today."),
        ("£1 and €2 million", "one pound and two million euros"),
        ("$1,000,000 prize", "one million dollars prize"),
        ("50% of 2.5% is small.", "fifty percent of two point five percent is small."),
        ("The 1st and 22nd and 103rd.", "The first and twenty-second and one hundred third."),
        ("The 21st century.", "The twenty-first century."),
        ("Dr. Smith lives on Main St. He went to St. Louis.", "Doctor Smith lives on Main Street. He went to Saint Louis."),
        ("Mr. and Mrs. Jones met Ms. Lee", "Mister and Missus Jones met Miz Lee"),
        ("See you at 3:30 pm.", "See you at three thirty p m."),
        ("Meet at 10:00.", "Meet at ten o'clock."),
        ("It is 14:05.", "It is fourteen oh five."),
        ("Born on 2024-03-15.", "Born on March fifteenth, twenty twenty-four."),
        ("On 03/15/2024 we met.", "On March fifteenth, twenty twenty-four we met."),
        ("March 15, 2024 was a Friday.", "March fifteenth, twenty twenty-four was a Friday."),
        ("On 4 July 1776 it began.", "On the fourth of July, seventeen seventy-six it began."),
        ("In 1999 we partied.", "In nineteen ninety-nine we partied."),
        ("The 1980s were loud.", "The nineteen eighties were loud."),
        ("The year 2000 and 2005.", "The year two thousand and two thousand five."),
        ("Tom & Jerry", "Tom and Jerry"),
        ("Visit https://www.example.com/docs today.", "Visit example dot com slash docs today."),
        ("Mail jane.doe@mail.org now.", "Mail jane dot doe at mail dot org now."),
        ("Call No. 5 please.", "Call number five please."),
        ("#1 hit", "number one hit"),
        ("Pages 10-20 are missing.", "Pages ten to twenty are missing."),
        ("It was -5 degrees.", "It was minus five degrees."),
        ("1,234,567 people", "one million two hundred thirty-four thousand five hundred sixty-seven people"),
        ("Pi is 3.14159.", "Pi is three point one four one five nine."),
        ("Apples, pears, etc.", "Apples, pears, et cetera."),
        ("Fruit, e.g. apples.", "Fruit, for example apples."),
        ("He ran 5 km in 20 min.", "He ran five kilometers in twenty minutes."),
        ("It is 1/2 done, 3/4 left.", "It is one half done, three quarters left."),
        ("Temperature 21°C", "Temperature twenty-one degrees Celsius"),
        ("A vs. B", "A versus B"),
        ("and/or", "and or"),
        ("x = y + 2", "x equals y plus two"),
        ("I am 100 years old.", "I am one hundred years old."),
        ("Version 2.0 is out", "Version two point zero is out"),
        ("Wait\u{2026} what\u{2019}s that?", "Wait... what's that?"),
        ("Tabs\tand   spaces\u{00A0}collapse", "Tabs and spaces collapse"),
        ("Bell\u{07}char", "Bellchar"),
    ]

    @Test("normalises English", arguments: cases)
    func normalises(input: String, expected: String) {
        #expect(TextNormalizer().normalize(input) == expected)
    }

    @Test func keepsParagraphBreaks() {
        #expect(TextNormalizer().normalize("One.\n\n\nTwo.\nThree.") == "One.\n\nTwo. Three.")
    }

    @Test func numberWords() {
        #expect(NumberWords.cardinal(0) == "zero")
        #expect(NumberWords.cardinal(1_000_001) == "one million one")
        #expect(NumberWords.cardinal(-42) == "minus forty-two")
        #expect(NumberWords.ordinal(12) == "twelfth")
        #expect(NumberWords.ordinal(40) == "fortieth")
        #expect(NumberWords.year(1905) == "nineteen oh five")
        #expect(NumberWords.year(1900) == "nineteen hundred")
    }
}

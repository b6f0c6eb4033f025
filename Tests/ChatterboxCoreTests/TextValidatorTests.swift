import Foundation
import Testing
@testable import ChatterboxCore

@Suite("Text validation")
struct TextValidatorTests {
    let validator = TextValidator(maxLength: 100)

    @Test func rejectsEmptyAndWhitespace() {
        for text in ["", "   \n\t "] {
            #expect(throws: ChatterboxError.self) { try validator.validate(text) }
            #expect((try? validator.validate(text)) == nil)
        }
        do { _ = try validator.validate("") } catch let error as ChatterboxError { #expect(error.code == .emptyText) } catch {}
    }

    @Test func rejectsTooLongNamingTheLimit() {
        do {
            _ = try validator.validate(String(repeating: "a", count: 101))
            Issue.record("accepted 101 characters")
        } catch let error as ChatterboxError {
            #expect(error.code == .textTooLong)
            #expect(error.message.contains("100"))
            #expect(error.field == "text")
        } catch { Issue.record("\(error)") }
    }

    @Test func rejectsInvalidUTF8WithOffset() {
        do {
            _ = try validator.validate(bytes: Data([0x68, 0x69, 0xFF, 0x21]))
            Issue.record("accepted invalid UTF-8")
        } catch let error as ChatterboxError {
            #expect(error.code == .invalidUtf8)
            #expect(error.message.contains("offset 2"))
        } catch { Issue.record("\(error)") }
    }

    @Test func removesControlCharactersKeepsLineBreaks() throws {
        #expect(try validator.validate("a\u{00}b\u{1B}c\nd") == "abc\nd")
    }
}

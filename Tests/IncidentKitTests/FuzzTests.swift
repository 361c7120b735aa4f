import Foundation
import PropertyBased
import Testing

@testable import IncidentKit

/// Generated input for the two parsers that read what people type or edit:
/// `TimeInput.parse` and `RunbookLoader.load(text:file:)`. Neither may crash.
@Suite struct FuzzTests {
    let tokyo = TimeZone(identifier: "Asia/Tokyo")!
    let now = CivilTime(year: 2026, month: 11, day: 25, hour: 9, minute: 22).date()

    static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// The contract's forms, as a regular expression over the ASCII-normalised text
    /// (with `/` dates and one-digit month, day and hour, as typed in Japan).
    nonisolated(unsafe) static let contract =
        /^(\d{4}([-\/])\d{1,2}\2\d{1,2}T\d{1,2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})?|\d{4}([-\/])\d{1,2}\5\d{1,2} \d{1,2}:\d{2}(:\d{2})?|\d{1,2}:\d{2}(:\d{2})?)$/

    /// Every valid date-time in each accepted form parses and prints back as the same wall time.
    @Test func validTimesRoundTrip() async {
        await propertyCheck(
            count: 2000, input: Gen.int(in: 1970...2100), Gen.int(in: 1...12), Gen.int(in: 1...31), Gen.int(in: 0...23),
            Gen.int(in: 0...59), Gen.int(in: 0...59), Gen.int(in: -12 * 60...14 * 60), Gen.int(in: 0...3)
        ) { year, month, rawDay, hour, minute, second, offsetMinutes, form in
            let day = min(rawDay, CivilTime.daysInMonth(year: year, month: month))
            let date = "\(year)-\(Self.two(month))-\(Self.two(day))"
            let time = "\(Self.two(hour)):\(Self.two(minute))"
            let offset = (offsetMinutes / 15) * 15
            let sign = offset < 0 ? "-" : "+"
            let zone = "\(sign)\(Self.two(abs(offset) / 60)):\(Self.two(abs(offset) % 60))"
            let text: String
            var expectedOffset = offset * 60
            switch form {
            case 0: text = "\(date)T\(time):\(Self.two(second))\(zone)"
            case 1: text = "\(date)T\(time)Z"; expectedOffset = 0
            case 2: text = "\(date) \(time)"; expectedOffset = 9 * 3600
            default: text = "\(date)T\(time):\(Self.two(second))"; expectedOffset = 9 * 3600
            }
            guard let parsed = try? TimeInput.parse(text, now: now, timeZone: tokyo) else {
                Issue.record("rejected valid \(text)")
                return
            }
            let civil = CivilTime(year: year, month: month, day: day, hour: hour, minute: minute, second: form == 0 || form == 3 ? second : 0)
            #expect(parsed == civil.date(offsetSeconds: expectedOffset), "\(text)")
            // Printed in Tokyo and read back: the same instant.
            let printed = Timestamp.iso(parsed, in: tokyo)
            #expect((try? TimeInput.parse(printed, now: now, timeZone: tokyo)) == parsed, "\(text) → \(printed)")
        }
    }

    /// Random strings over the characters times are made of (plus a few others):
    /// never a crash, and anything accepted has one of the contract's forms.
    @Test func arbitraryTextNeverCrashesAndOnlyContractFormsPass() async {
        let alphabet = Array("0123456789-:TZ+ 0123456789:１２：０ｚx\u{0}é")
        await propertyCheck(count: 5000, input: Gen.int(in: 0..<alphabet.count).array(of: 0...26)) { indices in
            let text = String(indices.map { alphabet[$0] })
            if (try? TimeInput.parse(text, now: now, timeZone: tokyo)) != nil {
                let normalized = TimeInput.normalize(text)
                #expect(normalized.wholeMatch(of: Self.contract) != nil, "accepted \(text.debugDescription)")
            }
        }
    }

    /// Fully arbitrary Unicode never crashes the parser.
    @Test func arbitraryUnicodeNeverCrashes() async {
        await propertyCheck(count: 2000, input: Gen.unicodeScalar(in: "\u{0}"..."\u{D7FF}").array(of: 0...40)) { scalars in
            var text = ""
            text.unicodeScalars.append(contentsOf: scalars)
            _ = try? TimeInput.parse(text, now: now, timeZone: tokyo)
        }
    }

    /// The built-in runbook mutated at random (bytes dropped, duplicated, replaced,
    /// lines shuffled): loading returns a runbook or problems with locations, never crashes.
    @Test func mutatedRunbooksNeverCrash() async throws {
        let original = try #require(EmbeddedResources.files["Runbooks/initial-response.yaml"])
        let lines = original.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let pieces = ["[", "]", "{", "}", ":", "- ", "&a ", "*a", "!!str ", "\t", "\"", "'", "#", "|", ">", "\n  ", "%", "@", "\u{0}", "あ", "\u{FEFF}"]
        await propertyCheck(
            count: 300, input: Gen.int(in: 0..<lines.count).array(of: 1...6), Gen.int(in: 0...4), Gen.int(in: 0..<pieces.count),
            Gen.int(in: 0...60)
        ) { positions, operation, piece, column in
            var mutated = lines
            for p in positions where p < mutated.count {
                switch operation {
                case 0: mutated.remove(at: p)
                case 1: mutated.insert(mutated[p], at: p)
                case 2:
                    var line = Array(mutated[p])
                    let at = min(column, line.count)
                    line.insert(contentsOf: pieces[piece], at: at)
                    mutated[p] = String(line)
                case 3: mutated.swapAt(p, mutated.count - 1 - p)
                default: mutated[p] = String(mutated[p].prefix(column))
                }
            }
            do {
                let book = try RunbookLoader.load(text: mutated.joined(separator: "\n"), file: "fuzz")
                #expect(!book.steps.isEmpty)
            } catch {
                guard case IncidentError.invalidFile(let problems)? = error as? IncidentError else {
                    Issue.record("unexpected \(error)")
                    return
                }
                #expect(!problems.isEmpty)
                #expect(problems.allSatisfy { $0.file == "fuzz" && $0.line >= 0 && $0.line <= mutated.count + 1 })
            }
        }
    }
}

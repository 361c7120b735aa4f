import Foundation
import Testing

@testable import IncidentKit

/// The board's address as a QR code: every size from version 1 to 10 at both
/// levels is read back by a real decoder (`zbarimg`, Debian `zbar-tools`).
@Suite struct QRCodeTests {
    static var zbarimg: String? {
        if (ProcessInfo.processInfo.environment["INCIDENT_TEST_WITHOUT"] ?? "").split(separator: ",").contains("zbarimg") { return nil }
        return ["/usr/bin/zbarimg", "/usr/local/bin/zbarimg", "/bin/zbarimg"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }
    static let zbarMissing = "not installed: zbarimg (Debian zbar-tools; .ci/run installs it)"

    /// Texts whose lengths sit on both sides of each version's capacity.
    static var boundaryTexts: [(String, QRCode.Correction, Int)] {
        var cases: [(String, QRCode.Correction, Int)] = []
        for correction in QRCode.Correction.allCases {
            for version in 1...QRCode.maxVersion {
                let capacity = QRCode.capacity(version: version, correction: correction)
                // The last byte that fits this version, then one more (the next version).
                let text = String((0..<capacity).map { i in Array("http://10.0.0.1:8080/abcdefghijklmnopqrstuvwxyz0123456789")[i % 37] })
                cases.append((text, correction, version))
                if version < QRCode.maxVersion { cases.append((text + "Z", correction, version + 1)) }
            }
        }
        return cases
    }

    @Test func capacitiesAreTheStandardsByteModeTable() {
        // ISO/IEC 18004 Table 7, byte mode.
        #expect((1...10).map { QRCode.capacity(version: $0, correction: .low) } == [17, 32, 53, 78, 106, 134, 154, 192, 230, 271])
        #expect((1...10).map { QRCode.capacity(version: $0, correction: .medium) } == [14, 26, 42, 62, 84, 106, 122, 152, 180, 213])
    }

    @Test func eachLengthTakesTheSmallestVersionThatHoldsIt() throws {
        for (text, correction, version) in Self.boundaryTexts {
            let code = try QRCode(text, correction: correction)
            #expect(code.version == version, "\(text.count) bytes at \(correction)")
            #expect(code.size == 17 + 4 * version)
        }
        let maximum = QRCode.capacity(version: 10, correction: .medium)
        #expect(throws: QRCode.Problem.tooLong(bytes: maximum + 1, maximum: maximum)) {
            try QRCode(String(repeating: "a", count: maximum + 1))
        }
    }

    @Test(.enabled(if: zbarimg != nil, "\(zbarMissing)"))
    func aDecoderReadsBackEveryVersionAndLevel() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var cases = Self.boundaryTexts.map { ($0.0, $0.1) }
        cases += [("http://127.0.0.1:8080/", .medium), ("http://[fe80::1]:49152/", .medium), ("http://192.168.12.1:8080/", .low)]
        for (i, (text, correction)) in cases.enumerated() {
            let code = try QRCode(text, correction: correction)
            let file = dir.appendingPathComponent("\(i).pgm")
            try Data(code.pgm(scale: 3)).write(to: file)
            #expect(try Self.decode(file) == text, "version \(code.version) \(correction) mask \(code.mask)")
        }
    }

    @Test func theTerminalTextDrawsTheSameModules() throws {
        let code = try QRCode("http://192.168.12.1:8080/")
        let text = code.terminalText(colors: false, quietZone: 2)
        let lines = text.split(separator: "\n").map { Array($0) }
        #expect(lines.count == (code.size + 4 + 1) / 2)
        for y in 0..<code.size {
            for x in 0..<code.size {
                let row = y + 2
                let ch = lines[row / 2][x + 2]
                let top = ch == "█" || ch == "▀"
                let bottom = ch == "█" || ch == "▄"
                #expect((row % 2 == 0 ? top : bottom) == code.isDark(x: x, y: y))
            }
        }
        let colored = code.terminalText(colors: true)
        #expect(colored.split(separator: "\n").allSatisfy { $0.hasPrefix("\u{1B}[30;47m") && $0.hasSuffix("\u{1B}[0m") })
    }

    @Test func theSVGDrawsTheSameModules() throws {
        let code = try QRCode("http://192.168.12.1:8080/")
        let svg = code.svg(pixels: 240, title: "<address>")
        #expect(svg.contains("width=\"240\""))
        #expect(svg.contains("<title>&lt;address&gt;</title>"))
        // Reads the path's runs back: "M x y h run v1 h-run z".
        var dark = Set<Int>()
        let d = svg.components(separatedBy: "d=\"")[1].prefix { $0 != "\"" }
        for part in d.split(separator: "M") {
            let numbers = part.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
            let (x, y, run) = (numbers[0] - QRCode.quietZone, numbers[1] - QRCode.quietZone, numbers[2])
            for i in 0..<run { dark.insert(y * code.size + x + i) }
        }
        #expect(dark == Set(code.modules.indices.filter { code.modules[$0] }))
    }

    static func decode(_ file: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: zbarimg!)
        process.arguments = ["--raw", "-q", file.path]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        var text = String(decoding: data, as: UTF8.self)
        if text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}

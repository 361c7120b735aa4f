/// A QR code (ISO/IEC 18004) in byte mode, versions 1–10, error correction
/// level L or M: enough for the board's address (scheme, host and port), which
/// phones open by scanning it. The code carries what it is given and nothing
/// else; callers give it the address only, never a secret.
public struct QRCode: Sendable, Equatable {
    /// Error correction: L recovers about 7% of the code, M about 15%.
    public enum Correction: Sendable, CaseIterable {
        case low, medium

        /// The two bits of the format information.
        var formatBits: Int { self == .low ? 1 : 0 }
        /// Error correction codewords per block, for versions 1–10.
        var eccPerBlock: [Int] { self == .low ? [7, 10, 15, 20, 26, 18, 20, 24, 30, 18] : [10, 16, 26, 18, 24, 16, 18, 22, 22, 26] }
        /// Blocks, for versions 1–10.
        var blocks: [Int] { self == .low ? [1, 1, 1, 1, 1, 2, 2, 2, 2, 4] : [1, 1, 1, 2, 2, 4, 4, 4, 5, 5] }
    }

    /// Why a text cannot be encoded.
    public enum Problem: Error, Equatable, Sendable {
        /// More bytes than version 10 holds at this level.
        case tooLong(bytes: Int, maximum: Int)
    }

    /// Largest version made.
    public static let maxVersion = 10

    public let version: Int
    public let correction: Correction
    /// The mask pattern chosen (0–7), the one with the lowest penalty.
    public let mask: Int
    /// Modules per side (21 for version 1, 4 more per version).
    public let size: Int
    /// Row-major, `true` for a dark module.
    public let modules: [Bool]

    /// Whether the module in column `x`, row `y` is dark.
    public func isDark(x: Int, y: Int) -> Bool { modules[y * size + x] }

    /// Bytes that fit in `version` at `correction` (byte mode).
    public static func capacity(version: Int, correction: Correction) -> Int {
        let bits = dataCodewords(version, correction) * 8 - 4 - countBits(version)
        return bits / 8
    }

    /// Encodes `text` as UTF-8 in the smallest version that holds it.
    public init(_ text: String, correction: Correction = .medium) throws(Problem) {
        try self.init(bytes: Array(text.utf8), correction: correction)
    }

    /// Encodes `bytes` in the smallest version that holds them.
    public init(bytes: [UInt8], correction: Correction = .medium) throws(Problem) {
        guard let version = (1...Self.maxVersion).first(where: { bytes.count <= Self.capacity(version: $0, correction: correction) }) else {
            throw .tooLong(bytes: bytes.count, maximum: Self.capacity(version: Self.maxVersion, correction: correction))
        }
        var matrix = Matrix(version: version)
        matrix.drawFunctionPatterns(correction)
        let data = Self.dataCodewords(bytes, version, correction)
        matrix.drawCodewords(Self.withErrorCorrection(data, version, correction))
        var best = (mask: 0, penalty: Int.max)
        for mask in 0..<8 {
            matrix.apply(mask: mask)
            matrix.drawFormat(correction, mask: mask)
            let penalty = matrix.penalty()
            if penalty < best.penalty { best = (mask, penalty) }
            matrix.apply(mask: mask)  // XOR again: undone
        }
        matrix.apply(mask: best.mask)
        matrix.drawFormat(correction, mask: best.mask)
        self.version = version
        self.correction = correction
        self.mask = best.mask
        self.size = matrix.size
        self.modules = matrix.dark
    }

    // MARK: - Data

    static func countBits(_ version: Int) -> Int { version <= 9 ? 8 : 16 }

    /// Modules left for data and error correction once the function patterns are drawn.
    static func rawDataModules(_ version: Int) -> Int {
        var result = (16 * version + 128) * version + 64
        if version >= 2 {
            let align = version / 7 + 2
            result -= (25 * align - 10) * align - 55
            if version >= 7 { result -= 36 }
        }
        return result
    }

    static func dataCodewords(_ version: Int, _ c: Correction) -> Int {
        rawDataModules(version) / 8 - c.eccPerBlock[version - 1] * c.blocks[version - 1]
    }

    /// Mode, count, the bytes, terminator and padding: the data codewords.
    static func dataCodewords(_ bytes: [UInt8], _ version: Int, _ c: Correction) -> [UInt8] {
        var bits: [Bool] = []
        func append(_ value: Int, _ count: Int) {
            for i in stride(from: count - 1, through: 0, by: -1) { bits.append((value >> i) & 1 == 1) }
        }
        append(0b0100, 4)  // byte mode
        append(bytes.count, countBits(version))
        for b in bytes { append(Int(b), 8) }
        let capacity = dataCodewords(version, c) * 8
        append(0, min(4, capacity - bits.count))
        append(0, (8 - bits.count % 8) % 8)
        var result = stride(from: 0, to: bits.count, by: 8).map { start in
            (0..<8).reduce(UInt8(0)) { $0 << 1 | (bits[start + $1] ? 1 : 0) }
        }
        var pad: UInt8 = 0xEC
        while result.count < capacity / 8 {
            result.append(pad)
            pad ^= 0xEC ^ 0x11
        }
        return result
    }

    /// The data split into blocks, each followed by its Reed–Solomon codewords, interleaved.
    static func withErrorCorrection(_ data: [UInt8], _ version: Int, _ c: Correction) -> [UInt8] {
        let blockCount = c.blocks[version - 1]
        let ecc = c.eccPerBlock[version - 1]
        let raw = rawDataModules(version) / 8
        let shortBlocks = blockCount - raw % blockCount
        let shortLength = raw / blockCount
        let divisor = ReedSolomon.divisor(degree: ecc)
        var blocks: [[UInt8]] = []
        var k = 0
        for i in 0..<blockCount {
            let length = shortLength - ecc + (i < shortBlocks ? 0 : 1)
            var block = Array(data[k..<k + length])
            k += length
            let check = ReedSolomon.remainder(block, divisor)
            if i < shortBlocks { block.append(0) }  // a placeholder, skipped when interleaving
            blocks.append(block + check)
        }
        var result: [UInt8] = []
        for i in 0..<blocks[0].count {
            for (j, block) in blocks.enumerated() where i != shortLength - ecc || j >= shortBlocks {
                result.append(block[i])
            }
        }
        return result
    }
}

/// Reed–Solomon over GF(256) with QR's polynomial x⁸ + x⁴ + x³ + x² + 1.
enum ReedSolomon {
    static func multiply(_ x: UInt8, _ y: UInt8) -> UInt8 {
        var z = 0
        for i in stride(from: 7, through: 0, by: -1) {
            z = (z << 1) ^ ((z >> 7) * 0x11D)
            z ^= Int((y >> i) & 1) * Int(x)
        }
        return UInt8(z)
    }

    /// The generator polynomial's coefficients (highest first, leading 1 left out).
    static func divisor(degree: Int) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: degree)
        result[degree - 1] = 1
        var root: UInt8 = 1
        for _ in 0..<degree {
            for j in 0..<degree {
                result[j] = multiply(result[j], root)
                if j + 1 < degree { result[j] ^= result[j + 1] }
            }
            root = multiply(root, 0x02)
        }
        return result
    }

    /// The error correction codewords of `data`.
    static func remainder(_ data: [UInt8], _ divisor: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: divisor.count)
        for b in data {
            let factor = b ^ result.removeFirst()
            result.append(0)
            for i in result.indices { result[i] ^= multiply(divisor[i], factor) }
        }
        return result
    }
}

/// The module grid while it is being drawn: which modules are dark, and which
/// belong to function patterns (never masked, never data).
private struct Matrix {
    let version: Int
    let size: Int
    var dark: [Bool]
    var function: [Bool]

    init(version: Int) {
        self.version = version
        size = 17 + 4 * version
        dark = Array(repeating: false, count: size * size)
        function = Array(repeating: false, count: size * size)
    }

    subscript(x: Int, y: Int) -> Bool {
        get { dark[y * size + x] }
        set { dark[y * size + x] = newValue }
    }

    mutating func set(_ x: Int, _ y: Int, _ isDark: Bool) {
        dark[y * size + x] = isDark
        function[y * size + x] = true
    }

    var alignmentPositions: [Int] {
        guard version >= 2 else { return [] }
        let count = version / 7 + 2
        let step = (version * 8 + count * 3 + 5) / (count * 4 - 4) * 2
        var result = [6]
        var positions: [Int] = []
        var pos = size - 7
        for _ in 1..<count {
            positions.insert(pos, at: 0)
            pos -= step
        }
        result += positions
        return result
    }

    mutating func drawFunctionPatterns(_ c: QRCode.Correction) {
        for i in 0..<size {
            set(6, i, i % 2 == 0)
            set(i, 6, i % 2 == 0)
        }
        for (cx, cy) in [(3, 3), (size - 4, 3), (3, size - 4)] {
            for dy in -4...4 {
                for dx in -4...4 where (0..<size).contains(cx + dx) && (0..<size).contains(cy + dy) {
                    let d = max(abs(dx), abs(dy))
                    set(cx + dx, cy + dy, d != 2 && d != 4)
                }
            }
        }
        let align = alignmentPositions
        for (i, ax) in align.enumerated() {
            for (j, ay) in align.enumerated() {
                let last = align.count - 1
                if (i == 0 && j == 0) || (i == 0 && j == last) || (i == last && j == 0) { continue }
                for dy in -2...2 {
                    for dx in -2...2 { set(ax + dx, ay + dy, max(abs(dx), abs(dy)) != 1) }
                }
            }
        }
        drawFormat(c, mask: 0)  // reserves the area; drawn again once the mask is chosen
        if version >= 7 {
            var rem = version
            for _ in 0..<12 { rem = (rem << 1) ^ ((rem >> 11) * 0x1F25) }
            let bits = version << 12 | rem
            for i in 0..<18 {
                let bit = (bits >> i) & 1 == 1
                let a = size - 11 + i % 3
                let b = i / 3
                set(a, b, bit)
                set(b, a, bit)
            }
        }
    }

    mutating func drawFormat(_ c: QRCode.Correction, mask: Int) {
        let data = c.formatBits << 3 | mask
        var rem = data
        for _ in 0..<10 { rem = (rem << 1) ^ ((rem >> 9) * 0x537) }
        let bits = (data << 10 | rem) ^ 0x5412
        func bit(_ i: Int) -> Bool { (bits >> i) & 1 == 1 }
        for i in 0...5 { set(8, i, bit(i)) }
        set(8, 7, bit(6))
        set(8, 8, bit(7))
        set(7, 8, bit(8))
        for i in 9..<15 { set(14 - i, 8, bit(i)) }
        for i in 0..<8 { set(size - 1 - i, 8, bit(i)) }
        for i in 8..<15 { set(8, size - 15 + i, bit(i)) }
        set(8, size - 8, true)  // the dark module
    }

    /// Places the codewords in the two-column zigzag from the bottom right.
    mutating func drawCodewords(_ data: [UInt8]) {
        var i = 0
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            for vert in 0..<size {
                for j in 0..<2 {
                    let x = right - j
                    let upward = (right + 1) & 2 == 0
                    let y = upward ? size - 1 - vert : vert
                    if !function[y * size + x] && i < data.count * 8 {
                        self[x, y] = (data[i >> 3] >> (7 - (i & 7))) & 1 == 1
                        i += 1
                    }
                }
            }
            right -= 2
        }
    }

    /// XORs mask pattern `mask` onto the data modules (applying it twice undoes it).
    mutating func apply(mask: Int) {
        for y in 0..<size {
            for x in 0..<size where !function[y * size + x] {
                let invert: Bool
                switch mask {
                case 0: invert = (x + y) % 2 == 0
                case 1: invert = y % 2 == 0
                case 2: invert = x % 3 == 0
                case 3: invert = (x + y) % 3 == 0
                case 4: invert = (x / 3 + y / 2) % 2 == 0
                case 5: invert = x * y % 2 + x * y % 3 == 0
                case 6: invert = (x * y % 2 + x * y % 3) % 2 == 0
                default: invert = ((x + y) % 2 + x * y % 3) % 2 == 0
                }
                if invert { self[x, y].toggle() }
            }
        }
    }

    /// The standard's penalty: long runs, 2×2 blocks, finder-like patterns, imbalance.
    func penalty() -> Int {
        var score = 0
        // Rows and columns as lines of modules.
        var lines: [[Bool]] = []
        for y in 0..<size { lines.append((0..<size).map { self[$0, y] }) }
        for x in 0..<size { lines.append((0..<size).map { self[x, $0] }) }
        let finder: [Bool] = [true, false, true, true, true, false, true]
        for line in lines {
            var run = 1
            for i in 1...line.count {
                if i < line.count && line[i] == line[i - 1] {
                    run += 1
                } else {
                    if run >= 5 { score += 3 + run - 5 }
                    run = 1
                }
            }
            // 1:1:3:1:1 with four light modules on either side (outside the code is light).
            for i in 0...(line.count - 7) where Array(line[i..<i + 7]) == finder {
                let before = (i - 4..<i).allSatisfy { $0 < 0 || !line[$0] }
                let after = (i + 7..<i + 11).allSatisfy { $0 >= line.count || !line[$0] }
                if before || after { score += 40 }
            }
        }
        for y in 0..<size - 1 {
            for x in 0..<size - 1 {
                let c = self[x, y]
                if c == self[x + 1, y] && c == self[x, y + 1] && c == self[x + 1, y + 1] { score += 3 }
            }
        }
        let darkCount = dark.filter { $0 }.count
        let total = size * size
        let k = (abs(darkCount * 20 - total * 10) + total - 1) / total - 1
        score += max(0, k) * 10
        return score
    }
}

extension QRCode {
    /// Light modules kept around the code so that readers find it (the standard asks for 4).
    public static let quietZone = 4

    /// The code as an SVG image: one path of dark squares on a white square,
    /// `pixels` wide when given (else it scales with the page). Nothing external.
    public func svg(pixels: Int? = nil, title: String? = nil) -> String {
        let side = size + 2 * Self.quietZone
        var path = ""
        for y in 0..<size {
            var x = 0
            while x < size {
                guard isDark(x: x, y: y) else {
                    x += 1
                    continue
                }
                var run = 1
                while x + run < size && isDark(x: x + run, y: y) { run += 1 }
                path += "M\(x + Self.quietZone) \(y + Self.quietZone)h\(run)v1h-\(run)z"
                x += run
            }
        }
        let dimensions = pixels.map { " width=\"\($0)\" height=\"\($0)\"" } ?? ""
        let label = title.map { "<title>\(Self.escape($0))</title>" } ?? ""
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(side) \(side)\"\(dimensions) shape-rendering=\"crispEdges\" role=\"img\">"
            + label + "<rect width=\"\(side)\" height=\"\(side)\" fill=\"#fff\"/><path fill=\"#000\" d=\"\(path)\"/></svg>"
    }

    /// The code for a terminal, two module rows per line with half blocks
    /// (▀ ▄ █). With `colors`, each line forces black on white (ANSI), so the code
    /// reads the same on a dark terminal; without, it assumes dark text on light.
    public func terminalText(colors: Bool, quietZone: Int = 2) -> String {
        let side = size + 2 * quietZone
        func dark(_ x: Int, _ y: Int) -> Bool {
            let mx = x - quietZone
            let my = y - quietZone
            return (0..<size).contains(mx) && (0..<size).contains(my) && isDark(x: mx, y: my)
        }
        var lines: [String] = []
        for y in stride(from: 0, to: side, by: 2) {
            var line = colors ? "\u{1B}[30;47m" : ""
            for x in 0..<side {
                switch (dark(x, y), dark(x, y + 1)) {
                case (true, true): line += "█"
                case (true, false): line += "▀"
                case (false, true): line += "▄"
                case (false, false): line += " "
                }
            }
            if colors { line += "\u{1B}[0m" }
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The code as a binary PGM image (grey levels), `scale` pixels per module,
    /// with the quiet zone: what image readers and decoders take directly.
    public func pgm(scale: Int = 4) -> [UInt8] {
        let side = (size + 2 * Self.quietZone) * scale
        var bytes = Array("P5\n\(side) \(side)\n255\n".utf8)
        bytes.reserveCapacity(bytes.count + side * side)
        for py in 0..<side {
            let y = py / scale - Self.quietZone
            for px in 0..<side {
                let x = px / scale - Self.quietZone
                let isDark = (0..<size).contains(x) && (0..<size).contains(y) && self.isDark(x: x, y: y)
                bytes.append(isDark ? 0 : 255)
            }
        }
        return bytes
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }
}

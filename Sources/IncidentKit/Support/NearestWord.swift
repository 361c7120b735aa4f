import Foundation

/// The known word nearest to one typed, for 「もしかして」 help: a prefix of
/// two characters or more, else the closest within a small edit distance.
public enum NearestWord {
    /// The word of `names` that `word` most likely meant, if one is close.
    public static func nearest(_ word: String, among names: [String]) -> String? {
        let w = word.lowercased()
        if let p = names.first(where: { $0.hasPrefix(w) && w.count >= 2 }) { return p }
        let scored = names.map { ($0, distance(Array(w), Array($0.lowercased()))) }.min { $0.1 < $1.1 }
        guard let (name, d) = scored, d <= max(1, min(2, w.count / 3)) else { return nil }
        return name
    }

    /// Damerau–Levenshtein distance (a transposition counts 1: `stauts` → `status`).
    public static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[a.count][b.count]
    }
}

import Foundation

/// The evidence register as a document (`evidence.md` in the export bundle):
/// each item with when, who preserved it, for which system, the file's SHA-256
/// and where it is kept, so that the copy handed to the police or a forensic
/// firm can be matched against what was registered.
public enum EvidenceRegister {
    public static func markdown(_ s: IncidentState, _ l: Language) -> String {
        let tz = s.timeZone
        func cell(_ t: String?) -> String { (t ?? "—").replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
        var out = "# " + l.pick(ja: "証拠保全の記録 \(s.id)", en: "Evidence register \(s.id)") + "\n\n"
        out += l.pick(
            ja: "| # | 日時 | システム | 内容 | ファイル | バイト数 | SHA-256 | 保管場所 | 保全した人 |\n",
            en: "| # | When | System | What | File | Bytes | SHA-256 | Kept at | Preserved by |\n")
        out += "|---|---|---|---|---|---|---|---|---|\n"
        for e in s.recovery.evidence.sorted(by: { ($0.at, $0.seq) < ($1.at, $1.seq) }) {
            let v = e.value
            out +=
                "| \(e.seq) | \(Timestamp.local(e.at, in: tz)) | \(cell(v.system)) | \(cell(v.text)) | \(cell(v.file)) | \(v.bytes.map(String.init) ?? "—") | \(cell(v.sha256)) | \(cell(v.keptAt)) | \(cell(e.actor)) |\n"
        }
        return out
    }
}

import Foundation
import Yams

/// Loads and validates runbooks, reporting every problem with file:line:column.
public enum RunbookLoader {
    /// Parses and checks `text`. `file` names the source in problems; when it is a
    /// path ending in `.yaml`, the runbook's `id` must equal the file name.
    public static func load(text: String, file: String) throws(IncidentError) -> Runbook {
        let reader = YAMLReader(file: file)
        let runbook = read(text: text, reader: reader)
        let stem = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        if let runbook, file.hasSuffix(".yaml") || file.hasSuffix(".yml"), runbook.id != stem {
            reader.report(line: 1, column: 1, ja: "id「\(runbook.id)」がファイル名「\(stem)」と一致しません。", en: "id '\(runbook.id)' does not match the file name '\(stem)'.")
        }
        guard let runbook, reader.problems.isEmpty else {
            throw IncidentError.invalidFile(reader.problems.sorted { ($0.line, $0.column) < ($1.line, $1.column) })
        }
        return runbook
    }

    /// Reads a runbook file from disk.
    public static func load(path: String) throws(IncidentError) -> Runbook {
        try load(text: try readText(path: path), file: path)
    }

    nonisolated(unsafe) static let idPattern = /^[a-z0-9]+(-[a-z0-9]+)*$/

    private static func read(text: String, reader r: YAMLReader) -> Runbook? {
        guard let root = r.parse(text),
            let map = r.mapping(root, "runbook", allowed: ["id", "version", "title", "source", "steps"], depth: 0)
        else { return nil }
        let id = r.string(r.required(map, "id", in: "runbook", at: root), "id")
        if let id, let node = map["id"], id.wholeMatch(of: idPattern) == nil {
            r.report(node, ja: "id「\(id)」は英小文字・数字・ハイフンで書いてください（例: initial-response）。", en: "id '\(id)' must be lowercase letters, digits and hyphens (e.g. initial-response).")
        }
        let version = r.int(r.required(map, "version", in: "runbook", at: root), "version")
        let title = r.localized(r.required(map, "title", in: "runbook", at: root), "title", depth: 1)
        let source = map["source"].flatMap { r.localized($0, "source", depth: 1) }
        var steps: [Runbook.Step] = []
        if let stepsNode = r.required(map, "steps", in: "runbook", at: root), let items = r.sequence(stepsNode, "steps", depth: 1) {
            if items.isEmpty { r.report(stepsNode, ja: "steps に手順が一つもありません。", en: "steps is empty.") }
            for item in items {
                if let step = readStep(item, reader: r) { steps.append(step) }
            }
            checkSteps(steps, items: items, reader: r)
        }
        guard let id, let version, let title else { return nil }
        return Runbook(id: id, version: version, title: title, source: source, steps: steps, sourceText: text)
    }

    private static let stepKeys: Set<String> = ["id", "number", "title", "guidance", "checkpoints", "contacts", "questions", "mandatory", "mandatoryWhen"]

    private static func readStep(_ node: Node, reader r: YAMLReader) -> Runbook.Step? {
        guard let map = r.mapping(node, "step", allowed: stepKeys, depth: 2) else { return nil }
        let id = r.string(r.required(map, "id", in: "step", at: node), "step.id")
        let label = id.map { "step \($0)" } ?? "step"
        if let id, let n = map["id"], id.wholeMatch(of: idPattern) == nil {
            r.report(n, ja: "手順の id「\(id)」は英小文字・数字・ハイフンで書いてください。", en: "Step id '\(id)' must be lowercase letters, digits and hyphens.")
        }
        let number = r.int(r.required(map, "number", in: label, at: node), "\(label).number")
        let title = r.localized(r.required(map, "title", in: label, at: node), "\(label).title", depth: 3)
        let guidance = r.localized(r.required(map, "guidance", in: label, at: node), "\(label).guidance", depth: 3)
        var checkpoints: [LocalizedText] = []
        if let n = map["checkpoints"], let items = r.sequence(n, "\(label).checkpoints", depth: 3) {
            checkpoints = items.compactMap { r.localized($0, "\(label).checkpoints", depth: 4) }
        }
        var contacts: [String] = []
        if let n = map["contacts"], let items = r.sequence(n, "\(label).contacts", depth: 3) {
            for item in items {
                guard let role = r.string(item, "\(label).contacts") else { continue }
                if role.wholeMatch(of: /^[a-z0-9]+(-[a-z0-9]+)*(:.+)?$/) == nil {
                    r.report(item, ja: "連絡先の役割「\(role)」は英小文字とハイフンで書いてください（例: security-officer, vendor:電子カルテ）。", en: "Contact role '\(role)' must be lowercase with hyphens (e.g. security-officer, vendor:EHR).")
                }
                contacts.append(role)
            }
        }
        var questions: [Runbook.Question] = []
        if let n = map["questions"], let items = r.sequence(n, "\(label).questions", depth: 3) {
            questions = items.compactMap { readQuestion($0, step: label, reader: r) }
        }
        let mandatory = r.bool(r.required(map, "mandatory", in: label, at: node), "\(label).mandatory")
        var condition: Runbook.Condition? = nil
        if let n = map["mandatoryWhen"], let cm = r.mapping(n, "\(label).mandatoryWhen", allowed: ["question", "in", "unanswered"], depth: 3) {
            let q = r.string(r.required(cm, "question", in: "\(label).mandatoryWhen", at: n), "mandatoryWhen.question")
            var values: [String] = []
            if let vn = r.required(cm, "in", in: "\(label).mandatoryWhen", at: n), let items = r.sequence(vn, "mandatoryWhen.in", depth: 4) {
                values = items.compactMap { r.string($0, "mandatoryWhen.in") }
            }
            let unanswered = cm["unanswered"].flatMap { r.bool($0, "mandatoryWhen.unanswered") } ?? true
            if let q { condition = Runbook.Condition(question: q, values: values, unanswered: unanswered) }
        }
        guard let id, let number, let title, let guidance, let mandatory else { return nil }
        return Runbook.Step(id: id, number: number, title: title, guidance: guidance, checkpoints: checkpoints, contacts: contacts, questions: questions, mandatory: mandatory, mandatoryWhen: condition)
    }

    private static func readQuestion(_ node: Node, step: String, reader r: YAMLReader) -> Runbook.Question? {
        guard let map = r.mapping(node, "\(step).questions", allowed: ["id", "type", "prompt", "choices"], depth: 4) else { return nil }
        let id = r.string(r.required(map, "id", in: "question", at: node), "question.id")
        let label = "question \(id ?? "?")"
        let typeText = r.string(r.required(map, "type", in: label, at: node), "\(label).type")
        var type: Runbook.QuestionType? = nil
        if let typeText {
            type = Runbook.QuestionType(rawValue: typeText)
            if type == nil, let n = map["type"] {
                let list = Runbook.QuestionType.allCases.map(\.rawValue).joined(separator: ", ")
                r.report(n, ja: "\(label) の type「\(typeText)」は使えません（\(list) のいずれか）。", en: "\(label) has unknown type '\(typeText)' (one of \(list)).")
            }
        }
        let prompt = r.localized(r.required(map, "prompt", in: label, at: node), "\(label).prompt", depth: 5)
        var choices: [Runbook.Choice] = []
        if let n = map["choices"], let items = r.sequence(n, "\(label).choices", depth: 5) {
            for item in items {
                guard let cm = r.mapping(item, "\(label).choices", allowed: ["id", "ja", "en"], depth: 6) else { continue }
                let cid = r.string(r.required(cm, "id", in: "choice", at: item), "choice.id")
                let ja = r.string(r.required(cm, "ja", in: "choice", at: item), "choice.ja")
                let en = r.string(r.required(cm, "en", in: "choice", at: item), "choice.en")
                if let cid, let ja, let en { choices.append(.init(id: cid, label: LocalizedText(ja: ja, en: en))) }
            }
            if type != .choice && type != nil {
                r.report(n, ja: "\(label) は type が choice ではないので choices は使えません。", en: "\(label) has choices but its type is not choice.")
            }
        }
        if type == .choice && choices.count < 2 {
            r.report(node, ja: "\(label) は type が choice なので choices に2つ以上の選択肢が必要です。", en: "\(label) is a choice question and needs at least two choices.")
        }
        guard let id, let type, let prompt else { return nil }
        return Runbook.Question(id: id, type: type, prompt: prompt, choices: choices)
    }

    /// Cross-step rules: unique ids and question ids, numbers 1…n in order,
    /// conditions that refer to a question and values that exist.
    private static func checkSteps(_ steps: [Runbook.Step], items: [Node], reader r: YAMLReader) {
        var seenIDs: Set<String> = []
        var seenQuestions: Set<String> = []
        for (index, step) in steps.enumerated() {
            let node = items.count == steps.count ? items[index] : nil
            if !seenIDs.insert(step.id).inserted {
                r.report(node, ja: "手順の id「\(step.id)」が重複しています。", en: "Duplicate step id '\(step.id)'.")
            }
            if step.number != index + 1 {
                r.report(node, ja: "手順「\(step.id)」の number は \(index + 1) にしてください（1 から順に並べます）。", en: "Step '\(step.id)' should have number \(index + 1) (numbers run 1, 2, 3… in order).")
            }
            for q in step.questions where !seenQuestions.insert(q.id).inserted {
                r.report(node, ja: "質問の id「\(q.id)」が重複しています。", en: "Duplicate question id '\(q.id)'.")
            }
        }
        let all = steps.flatMap(\.questions)
        for (index, step) in steps.enumerated() {
            guard let c = step.mandatoryWhen else { continue }
            let node = items.count == steps.count ? items[index] : nil
            guard let q = all.first(where: { $0.id == c.question }) else {
                r.report(node, ja: "手順「\(step.id)」の mandatoryWhen が存在しない質問「\(c.question)」を参照しています。", en: "Step '\(step.id)': mandatoryWhen refers to unknown question '\(c.question)'.")
                continue
            }
            let valid: Set<String> = switch q.type {
            case .choice: Set(q.choices.map(\.id))
            case .yesno: ["yes", "no"]
            case .count, .text: []
            }
            for v in c.values where !valid.contains(v) {
                r.report(node, ja: "手順「\(step.id)」の mandatoryWhen の値「\(v)」は質問「\(q.id)」の答えにありません。", en: "Step '\(step.id)': mandatoryWhen value '\(v)' is not an answer of question '\(q.id)'.")
            }
        }
    }
}

/// Reads a UTF-8 text file, with errors that name the path.
func readText(path: String) throws(IncidentError) -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw IncidentError.fileUnreadable(path)
    }
    guard let text = String(data: data, encoding: .utf8) else {
        throw IncidentError.invalidFile([SourceProblem(file: path, line: 0, column: 0, message: LocalizedText(ja: "UTF-8 のテキストではありません。UTF-8 で保存してください。", en: "Not UTF-8 text; save the file as UTF-8."))])
    }
    return text
}

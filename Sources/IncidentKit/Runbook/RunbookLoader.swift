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
        guard var runbook, reader.problems.isEmpty else {
            throw IncidentError.invalidFile(reader.problems.sorted { ($0.line, $0.column) < ($1.line, $1.column) })
        }
        if !runbook.declaresMeanings, let builtIn = builtIn(id: runbook.id), builtIn.declaresMeanings {
            runbook.adoptMeanings(of: builtIn)
        }
        return runbook
    }

    /// The built-in runbook `id`, as embedded in the binary, if there is one.
    private static func builtIn(id: String) -> Runbook? {
        let file = "Runbooks/\(id).yaml"
        guard let text = EmbeddedResources.files[file] else { return nil }
        let reader = YAMLReader(file: file)
        guard let runbook = read(text: text, reader: reader), reader.problems.isEmpty else { return nil }
        return runbook
    }

    /// Reads a runbook file from disk.
    public static func load(path: String) throws(IncidentError) -> Runbook {
        try load(text: try readText(path: path), file: path)
    }

    private static func read(text: String, reader r: YAMLReader) -> Runbook? {
        guard let root = r.parse(text),
            let map = r.mapping(root, "runbook", allowed: ["id", "version", "title", "source", "steps"], depth: 0)
        else { return nil }
        let id = r.string(r.required(map, "id", in: "runbook", at: root), "id")
        if let id, let node = map["id"], !Role.isKebabIdentifier(id) {
            r.report(
                node, ja: "id「\(id)」は英小文字・数字・ハイフンで書いてください（例: initial-response）。",
                en: "id '\(id)' must be lowercase letters, digits and hyphens (e.g. initial-response).")
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
            checkSteps(&steps, items: items, reader: r)
        }
        guard let id, let version, let title else { return nil }
        return Runbook(id: id, version: version, title: title, source: source, steps: steps, sourceText: text)
    }

    private static let stepKeys: Set<String> = [
        "id", "number", "title", "guidance", "checkpoints", "contacts", "questions", "mandatory", "mandatoryWhen", "ledger", "bcp",
    ]

    private static func readStep(_ node: Node, reader r: YAMLReader) -> Runbook.Step? {
        guard let map = r.mapping(node, "step", allowed: stepKeys, depth: 2) else { return nil }
        let id = r.string(r.required(map, "id", in: "step", at: node), "step.id")
        let label = id.map { "step \($0)" } ?? "step"
        if let id, let n = map["id"], !Role.isKebabIdentifier(id) {
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
        var ifOnFile: [String] = []
        if let n = map["contacts"], let items = r.sequence(n, "\(label).contacts", depth: 3) {
            for item in items {
                guard var role = r.string(item, "\(label).contacts") else { continue }
                // `insurer?`: called only when the profile names it.
                if role.hasSuffix("?") {
                    role.removeLast()
                    ifOnFile.append(role)
                }
                if !(Role(role).isWellFormed || Role(role).isEveryVendor) || role != Role(role).id {
                    r.report(
                        item, ja: "連絡先の役割「\(role)」は英小文字とハイフンで書いてください（例: security-officer, vendor:電子カルテ）。",
                        en: "Contact role '\(role)' must be lowercase with hyphens (e.g. security-officer, vendor:EHR).")
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
        if let n = map["mandatoryWhen"], let cm = r.mapping(n, "\(label).mandatoryWhen", allowed: ["question", "in", "signal", "unanswered"], depth: 3) {
            let unanswered = cm["unanswered"].flatMap { r.bool($0, "mandatoryWhen.unanswered") } ?? true
            if let sn = cm["signal"] {
                // The questions that raise the signal are resolved once all steps are read.
                if cm["question"] != nil || cm["in"] != nil {
                    r.report(
                        sn, ja: "\(label).mandatoryWhen には signal か question/in のどちらか一方を書いてください。",
                        en: "\(label).mandatoryWhen takes either signal or question/in, not both.")
                }
                if let signal = readSignalName(sn, "\(label).mandatoryWhen.signal", reader: r) {
                    condition = Runbook.Condition(signal: signal, triggers: [], unanswered: unanswered)
                }
            } else {
                let q = r.string(r.required(cm, "question", in: "\(label).mandatoryWhen", at: n), "mandatoryWhen.question")
                var values: [String] = []
                if let vn = r.required(cm, "in", in: "\(label).mandatoryWhen", at: n), let items = r.sequence(vn, "mandatoryWhen.in", depth: 4) {
                    values = items.compactMap { r.string($0, "mandatoryWhen.in") }
                }
                if let q { condition = Runbook.Condition(question: q, values: values, unanswered: unanswered) }
            }
        }
        var ledger: [Runbook.LedgerView]? = nil
        if let n = map["ledger"], let items = r.sequence(n, "\(label).ledger", depth: 3) {
            ledger = []
            for item in items {
                guard let text = r.string(item, "\(label).ledger") else { continue }
                guard let view = Runbook.LedgerView(rawValue: text) else {
                    let list = Runbook.LedgerView.allCases.map(\.rawValue).joined(separator: ", ")
                    r.report(item, ja: "\(label) の ledger「\(text)」は使えません（\(list) のいずれか）。", en: "\(label) has unknown ledger view '\(text)' (one of \(list)).")
                    continue
                }
                ledger?.append(view)
            }
        }
        var bcp: [Runbook.BCPView]? = nil
        if let n = map["bcp"], let items = r.sequence(n, "\(label).bcp", depth: 3) {
            bcp = []
            for item in items {
                guard let text = r.string(item, "\(label).bcp") else { continue }
                guard let view = Runbook.BCPView(rawValue: text) else {
                    let list = Runbook.BCPView.allCases.map(\.rawValue).joined(separator: ", ")
                    r.report(item, ja: "\(label) の bcp「\(text)」は使えません（\(list) のいずれか）。", en: "\(label) has unknown BCP view '\(text)' (one of \(list)).")
                    continue
                }
                bcp?.append(view)
            }
        }
        guard let id, let number, let title, let guidance, let mandatory else { return nil }
        return Runbook.Step(
            id: id, number: number, title: title, guidance: guidance, checkpoints: checkpoints, contacts: contacts, questions: questions, mandatory: mandatory,
            mandatoryWhen: condition, ledger: ledger, ifOnFile: ifOnFile, bcp: bcp)
    }

    private static func readQuestion(_ node: Node, step: String, reader r: YAMLReader) -> Runbook.Question? {
        guard
            let map = r.mapping(node, "\(step).questions", allowed: ["id", "type", "prompt", "choices", "fills", "wording", "unit", "signal", "bcp"], depth: 4)
        else { return nil }
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
        var question = Runbook.Question(id: id, type: type, prompt: prompt, choices: choices)
        readReportMapping(map, into: &question, label: label, reader: r)
        return question
    }

    /// The keys `fills` accepts: the fields a fact can fill, since an answer
    /// stands in for a fact that has not been recorded.
    static var fillableFields: [String] { ReportField.factKeys }

    /// `fills`, `wording`, `unit`, `signal` and `bcp`: what the answer means to the
    /// reports and the engine. Every value they name must be an answer the question
    /// accepts.
    private static func readReportMapping(_ map: [String: Node], into q: inout Runbook.Question, label: String, reader r: YAMLReader) {
        let values = q.answerValues
        let valueList = (values ?? []).joined(separator: ", ")
        /// Reports `node` unless `value` is one of the question's answers.
        func checkValue(_ value: String, _ node: Node, _ what: String) -> Bool {
            guard let values else {
                r.report(
                    node, ja: "\(label) は type が \(q.type.rawValue) なので \(what) に答えの値は書けません（yesno か choice の質問だけ）。",
                    en: "\(label) is a \(q.type.rawValue) question: \(what) cannot name answer values (only yesno and choice questions can).")
                return false
            }
            guard values.contains(value) else {
                r.report(
                    node, ja: "\(label) の \(what) の値「\(value)」はこの質問の答えにありません（\(valueList) のいずれか）。",
                    en: "\(label): \(what) value '\(value)' is not an answer of this question (one of \(valueList)).")
                return false
            }
            return true
        }
        func wording(_ node: Node, _ what: String, depth: Int) -> [String: LocalizedText] {
            var result: [String: LocalizedText] = [:]
            for (value, keyNode, textNode) in r.entries(node, what, depth: depth) ?? [] {
                let text = r.localized(textNode, "\(what).\(value)", depth: depth + 1)
                if checkValue(value, keyNode, what), let text { result[value] = text }
            }
            return result
        }

        if let n = map["fills"], let items = r.sequence(n, "\(label).fills", depth: 5) {
            for item in items {
                guard let key = r.string(item, "\(label).fills") else { continue }
                guard fillableFields.contains(key) else {
                    let list = fillableFields.joined(separator: ", ")
                    r.report(
                        item, ja: "\(label) の fills の報告項目「\(key)」はありません（\(list) のいずれか）。", en: "\(label) fills unknown report field '\(key)' (one of \(list)).")
                    continue
                }
                if q.fills.contains(key) {
                    r.report(item, ja: "\(label) の fills に「\(key)」が重複しています。", en: "\(label) fills '\(key)' twice.")
                    continue
                }
                q.fills.append(key)
            }
        }
        if let n = map["wording"] {
            q.wording = wording(n, "\(label).wording", depth: 5)
            if q.fills.isEmpty {
                r.report(n, ja: "\(label) の wording は fills で報告項目を指定したときだけ使えます。", en: "\(label) has wording but fills no report field.")
            }
        }
        if let n = map["unit"], let um = r.mapping(n, "\(label).unit", allowed: ["ja", "en"], depth: 5) {
            // Units are suffixes: English often has none ("3"), Japanese a counter ("3台").
            let ja = r.string(r.required(um, "ja", in: "\(label).unit", at: n), "\(label).unit.ja", allowEmpty: true)
            let en = r.string(r.required(um, "en", in: "\(label).unit", at: n), "\(label).unit.en", allowEmpty: true)
            if q.type != .count {
                r.report(n, ja: "\(label) は type が count ではないので unit は使えません。", en: "\(label) has a unit but its type is not count.")
            } else if let ja, let en {
                q.unit = LocalizedText(ja: ja, en: en)
            }
        }
        // `signal` is one rule, or a list of rules when an answer means several things
        // (disconnected or not: "no" raises notContained, "yes" raises isolated).
        if let n = map["signal"] {
            let rules: [Node] = n.sequence != nil ? (r.sequence(n, "\(label).signal", depth: 5) ?? []) : [n]
            var read: [Runbook.SignalRule] = []
            for rn in rules {
                guard let sm = r.mapping(rn, "\(label).signal", allowed: ["name", "when"], depth: 6) else { continue }
                let name = r.required(sm, "name", in: "\(label).signal", at: rn).flatMap { readSignalName($0, "\(label).signal.name", reader: r) }
                var when: [String] = []
                if let wn = r.required(sm, "when", in: "\(label).signal", at: rn), let items = r.sequence(wn, "\(label).signal.when", depth: 7) {
                    for item in items {
                        if let v = r.string(item, "\(label).signal.when"), checkValue(v, item, "signal.when") { when.append(v) }
                    }
                    if items.isEmpty { r.report(wn, ja: "\(label) の signal.when が空です。", en: "\(label): signal.when is empty.") }
                }
                if let name { read.append(Runbook.SignalRule(name: name, when: when)) }
            }
            q.signal = read.first
            q.moreSignals = read.count > 1 ? Array(read.dropFirst()) : nil
        }
        if let n = map["bcp"], let bm = r.mapping(n, "\(label).bcp", allowed: ["item", "wording"], depth: 5) {
            let item = r.localized(r.required(bm, "item", in: "\(label).bcp", at: n), "\(label).bcp.item", depth: 6)
            let texts = bm["wording"].map { wording($0, "\(label).bcp.wording", depth: 6) } ?? [:]
            if let item { q.bcp = Runbook.BCPItem(item: item, wording: texts) }
        }
    }

    /// A signal name, one of `Runbook.Signal`.
    private static func readSignalName(_ node: Node, _ what: String, reader r: YAMLReader) -> Runbook.Signal? {
        guard let text = r.string(node, what) else { return nil }
        guard let signal = Runbook.Signal(rawValue: text) else {
            let list = Runbook.Signal.allCases.map(\.rawValue).joined(separator: ", ")
            r.report(node, ja: "\(what) のシグナル「\(text)」はありません（\(list) のいずれか）。", en: "\(what): unknown signal '\(text)' (one of \(list)).")
            return nil
        }
        return signal
    }

    /// Cross-step rules: unique ids and question ids, numbers 1…n in order,
    /// conditions that refer to a question and values that exist, or to a signal
    /// some question raises (resolved here to those questions).
    private static func checkSteps(_ steps: inout [Runbook.Step], items: [Node], reader r: YAMLReader) {
        var seenIDs: Set<String> = []
        var seenQuestions: Set<String> = []
        for (index, step) in steps.enumerated() {
            let node = items.count == steps.count ? items[index] : nil
            if !seenIDs.insert(step.id).inserted {
                r.report(node, ja: "手順の id「\(step.id)」が重複しています。", en: "Duplicate step id '\(step.id)'.")
            }
            if step.number != index + 1 {
                r.report(
                    node, ja: "手順「\(step.id)」の number は \(index + 1) にしてください（1 から順に並べます）。",
                    en: "Step '\(step.id)' should have number \(index + 1) (numbers run 1, 2, 3… in order).")
            }
            for q in step.questions where !seenQuestions.insert(q.id).inserted {
                r.report(node, ja: "質問の id「\(q.id)」が重複しています。", en: "Duplicate question id '\(q.id)'.")
            }
        }
        let all = steps.flatMap(\.questions)
        for (index, step) in steps.enumerated() {
            guard let c = step.mandatoryWhen else { continue }
            let node = items.count == steps.count ? items[index] : nil
            if let signal = c.signal {
                let raising = all.filter { q in q.signals.contains { $0.name == signal } }
                if raising.isEmpty {
                    r.report(
                        node, ja: "手順「\(step.id)」の mandatoryWhen のシグナル「\(signal.rawValue)」を出す質問がありません。",
                        en: "Step '\(step.id)': no question raises mandatoryWhen signal '\(signal.rawValue)'.")
                }
                steps[index].mandatoryWhen?.triggers = raising.map {
                    Runbook.Trigger(question: $0.id, values: $0.signals.first { $0.name == signal }?.when ?? [])
                }
                continue
            }
            for t in c.triggers {
                guard let q = all.first(where: { $0.id == t.question }) else {
                    r.report(
                        node, ja: "手順「\(step.id)」の mandatoryWhen が存在しない質問「\(t.question)」を参照しています。",
                        en: "Step '\(step.id)': mandatoryWhen refers to unknown question '\(t.question)'.")
                    continue
                }
                let valid = Set(q.answerValues ?? [])
                for v in t.values where !valid.contains(v) {
                    r.report(
                        node, ja: "手順「\(step.id)」の mandatoryWhen の値「\(v)」は質問「\(q.id)」の答えにありません。",
                        en: "Step '\(step.id)': mandatoryWhen value '\(v)' is not an answer of question '\(q.id)'.")
                }
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
        throw IncidentError.invalidFile([
            SourceProblem(
                file: path, line: 0, column: 0, message: LocalizedText(ja: "UTF-8 のテキストではありません。UTF-8 で保存してください。", en: "Not UTF-8 text; save the file as UTF-8.")
            )
        ])
    }
    return text
}

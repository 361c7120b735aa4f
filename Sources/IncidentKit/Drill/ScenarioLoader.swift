import Foundation
import Yams

/// Loads and validates scenarios, reporting every problem with file:line:column.
///
/// Answers and targets are checked against the scenario's runbook: a question,
/// value, step or role the runbook does not know is reported where it is written.
public enum ScenarioLoader {
    /// Reads `text` (the file `file`) as a scenario run under a runbook from `catalog`.
    public static func load(text: String, file: String, catalog: RunbookCatalog) throws(IncidentError) -> Scenario {
        let reader = YAMLReader(file: file)
        let stem = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        let scenario = read(text: text, id: stem, reader: reader, catalog: catalog)
        guard let scenario, reader.problems.isEmpty else {
            throw IncidentError.invalidFile(reader.problems.sorted { ($0.line, $0.column) < ($1.line, $1.column) })
        }
        return scenario
    }

    /// A scenario as a drill's declaration carries it (already checked when the drill began).
    public static func load(declared text: String, id: String, catalog: RunbookCatalog) throws(IncidentError) -> Scenario {
        try load(text: text, file: "\(id).yaml", catalog: catalog)
    }

    static let weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    static let expectations = ["contact", "step", "settled", "signal", "answer", "leak-decision", "closed"]

    private static func read(text: String, id: String, reader r: YAMLReader, catalog: RunbookCatalog) -> Scenario? {
        guard let root = r.parse(text),
            let map = r.mapping(
                root, "scenario", allowed: ["title", "premise", "summary", "runbook", "start", "duration", "injects", "targets", "facilitator", "questions"],
                depth: 0)
        else { return nil }
        if !Role.isKebabIdentifier(id) {
            r.report(
                line: 1, column: 1, ja: "ファイル名「\(id)」は英小文字・数字・ハイフンにしてください（例: reception-ransomware.yaml）。",
                en: "The file name '\(id)' must be lowercase letters, digits and hyphens (e.g. reception-ransomware.yaml).")
        }
        let title = r.localized(r.required(map, "title", in: "scenario", at: root), "title", depth: 1)
        let premise = r.localized(r.required(map, "premise", in: "scenario", at: root), "premise", depth: 1)
        let summary = r.localized(r.required(map, "summary", in: "scenario", at: root), "summary", depth: 1)
        let facilitator = r.localized(r.required(map, "facilitator", in: "scenario", at: root), "facilitator", depth: 1)
        let runbookID = map["runbook"].flatMap { r.string($0, "runbook") } ?? RunbookCatalog.defaultName
        var runbook: Runbook?
        do throws(IncidentError) {
            runbook = try catalog.runbook(named: runbookID)
        } catch {
            r.report(
                map["runbook"], ja: "手順書「\(runbookID)」を読み込めません: \(error.message(.ja))", en: "Cannot load the runbook '\(runbookID)': \(error.message(.en))")
        }
        let start =
            map["start"].flatMap { readStart($0, r) }
            ?? {
                r.report(root, ja: "scenario に必須のキー「start」がありません。", en: "scenario lacks the required key 'start'."); return nil
            }()
        let duration = map["duration"].flatMap { minutes($0, "duration", r, signed: false) } ?? 30

        var injects: [Scenario.Inject] = []
        if let node = r.required(map, "injects", in: "scenario", at: root), let items = r.sequence(node, "injects", depth: 1) {
            if items.isEmpty { r.report(node, ja: "injects が空です。", en: "injects is empty.") }
            for (i, item) in items.enumerated() {
                if let inject = readInject(item, "injects[\(i + 1)]", r, runbook) {
                    if let last = injects.last, inject.offset < last.offset {
                        r.report(
                            item, ja: "injects[\(i + 1)] の時刻が前の項目より早くなっています。時刻順に並べてください。",
                            en: "injects[\(i + 1)] comes before the previous one; list injects in time order.")
                    }
                    injects.append(inject)
                }
            }
        }
        var targets: [Scenario.Target] = []
        if let node = r.required(map, "targets", in: "scenario", at: root), let items = r.sequence(node, "targets", depth: 1) {
            for (i, item) in items.enumerated() {
                guard let target = readTarget(item, "targets[\(i + 1)]", r, runbook) else { continue }
                if targets.contains(where: { $0.id == target.id }) {
                    r.report(item, ja: "targets[\(i + 1)] の id「\(target.id)」が重複しています。", en: "Duplicate target id '\(target.id)' at targets[\(i + 1)].")
                }
                targets.append(target)
            }
        }
        var questions: [LocalizedText] = []
        if let node = map["questions"], let items = r.sequence(node, "questions", depth: 1) {
            for (i, item) in items.enumerated() {
                if let q = r.localized(item, "questions[\(i + 1)]", depth: 2) { questions.append(q) }
            }
        }
        guard let title, let premise, let summary, let facilitator, let start else { return nil }
        return Scenario(
            id: id, title: title, premise: premise, summary: summary, runbook: runbookID, start: start, duration: duration,
            injects: injects, targets: targets, facilitator: facilitator, questions: questions, sourceText: text)
    }

    private static func readStart(_ node: Node, _ r: YAMLReader) -> Scenario.Start? {
        guard let map = r.mapping(node, "start", allowed: ["weekday", "time"], depth: 1) else { return nil }
        let weekdayText = r.string(r.required(map, "weekday", in: "start", at: node), "start.weekday")
        let time = r.string(r.required(map, "time", in: "start", at: node), "start.time")
        var weekday: Int?
        if let weekdayText {
            weekday = weekdays.firstIndex(of: weekdayText.lowercased()).map { $0 + 1 }
            if weekday == nil {
                r.report(
                    map["weekday"], ja: "start.weekday は \(weekdays.joined(separator: ", ")) のどれかにしてください（「\(weekdayText)」）。",
                    en: "start.weekday must be one of \(weekdays.joined(separator: ", ")) (got '\(weekdayText)').")
            }
        }
        var hm: (Int, Int)?
        if let time {
            hm = clock(time)
            if hm == nil || hm!.0 > 23 {
                r.report(map["time"], ja: "start.time は HH:MM で書いてください（「\(time)」）。", en: "start.time must be HH:MM (got '\(time)').")
                hm = nil
            }
        }
        guard let weekday, let hm else { return nil }
        return Scenario.Start(weekday: weekday, hour: hm.0, minute: hm.1)
    }

    /// `HH:MM` as (hours, minutes), minutes below 60.
    static func clock(_ text: String) -> (Int, Int)? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ (1...2).contains($0.count) && $0.allSatisfy(\.isASCII) }),
            let h = Int(parts[0]), let m = Int(parts[1]), h >= 0, (0..<60).contains(m)
        else { return nil }
        return (h, m)
    }

    /// `+HH:MM` (or `HH:MM` when not `signed`) as minutes.
    private static func minutes(_ node: Node, _ what: String, _ r: YAMLReader, signed: Bool) -> Int? {
        guard let text = r.string(node, what) else { return nil }
        var body = Substring(text)
        if signed {
            guard body.hasPrefix("+") else {
                r.report(
                    node, ja: "\(what) は「+00:05」の形（開始からの時間）で書いてください（「\(text)」）。", en: "\(what) must look like '+00:05' (time since the start; got '\(text)').")
                return nil
            }
            body = body.dropFirst()
        }
        guard let (h, m) = clock(String(body)), h < 48 else {
            let form = signed ? "+HH:MM" : "HH:MM"
            r.report(node, ja: "\(what) は \(form) で書いてください（「\(text)」）。", en: "\(what) must be \(form) (got '\(text)').")
            return nil
        }
        return h * 60 + m
    }

    private static func readInject(_ node: Node, _ what: String, _ r: YAMLReader, _ runbook: Runbook?) -> Scenario.Inject? {
        guard let map = r.mapping(node, what, allowed: ["at", "text", "answers", "note"], depth: 2) else { return nil }
        let offset = r.required(map, "at", in: what, at: node).flatMap { minutes($0, "\(what).at", r, signed: true) }
        let text = r.localized(r.required(map, "text", in: what, at: node), "\(what).text", depth: 3)
        let note = map["note"].flatMap { r.localized($0, "\(what).note", depth: 3) }
        var answers: [Scenario.Answer] = []
        if let node = map["answers"], let entries = r.entries(node, "\(what).answers", depth: 3) {
            for entry in entries {
                guard let raw = r.string(entry.value, "\(what).answers.\(entry.key)") else { continue }
                guard let runbook else { continue }
                guard let (_, question) = runbook.question(id: entry.key) else {
                    r.report(entry.keyNode, ja: "手順書「\(runbook.id)」に質問「\(entry.key)」はありません。", en: "The runbook '\(runbook.id)' has no question '\(entry.key)'.")
                    continue
                }
                guard let value = question.normalize(raw) else {
                    let allowed = question.answerValues?.joined(separator: ", ") ?? ""
                    r.report(
                        entry.value, ja: "質問「\(entry.key)」の答え「\(raw)」は使えません（使える値: \(allowed)）。",
                        en: "'\(raw)' is not an answer to '\(entry.key)' (allowed: \(allowed)).")
                    continue
                }
                answers.append(Scenario.Answer(question: entry.key, value: value))
            }
        }
        guard let offset, let text else { return nil }
        return Scenario.Inject(offset: offset, text: text, answers: answers, note: note)
    }

    private static func readTarget(_ node: Node, _ what: String, _ r: YAMLReader, _ runbook: Runbook?) -> Scenario.Target? {
        guard let map = r.mapping(node, what, allowed: Set(["id", "title", "within", "outcome", "values"] + expectations), depth: 2) else { return nil }
        let id = r.string(r.required(map, "id", in: what, at: node), "\(what).id")
        if let id, !Role.isKebabIdentifier(id) {
            r.report(map["id"], ja: "\(what).id は英小文字・数字・ハイフンで書いてください。", en: "\(what).id must be lowercase letters, digits and hyphens.")
        }
        let title = r.localized(r.required(map, "title", in: what, at: node), "\(what).title", depth: 3)
        let within = map["within"].flatMap { minutes($0, "\(what).within", r, signed: false) }
        let named = expectations.filter { map[$0] != nil }
        guard named.count == 1, let kind = named.first else {
            r.report(
                node, ja: "\(what) には \(expectations.joined(separator: ", ")) のどれか一つを書いてください。",
                en: "\(what) needs exactly one of \(expectations.joined(separator: ", ")).")
            return nil
        }
        let value = map[kind]!
        var expect: Scenario.Expectation?
        switch kind {
        case "contact":
            if let role = r.string(value, "\(what).contact") {
                if !Role(role).isPersonRole && Role(role).vendorKey == nil && !Role(role).isEveryVendor {
                    r.report(
                        value, ja: "\(what).contact の役割「\(role)」が正しくありません（例: security-officer, mhlw, vendor:ehr）。",
                        en: "\(what).contact: '\(role)' is not a role (e.g. security-officer, mhlw, vendor:ehr).")
                }
                let outcome = map["outcome"].flatMap { r.string($0, "\(what).outcome") } ?? "reached"
                if outcome != "reached" && outcome != "attempted" {
                    r.report(map["outcome"], ja: "\(what).outcome は reached か attempted にしてください。", en: "\(what).outcome must be reached or attempted.")
                }
                expect = .contact(role: role, reached: outcome != "attempted")
            }
        case "step", "settled":
            if let step = r.string(value, "\(what).\(kind)") {
                if let runbook, runbook.step(id: step) == nil {
                    r.report(value, ja: "手順書「\(runbook.id)」に手順「\(step)」はありません。", en: "The runbook '\(runbook.id)' has no step '\(step)'.")
                }
                expect = kind == "step" ? .stepDone(step) : .stepSettled(step)
            }
        case "signal":
            if let name = r.string(value, "\(what).signal") {
                if let signal = Runbook.Signal(rawValue: name) {
                    expect = .signal(signal)
                } else {
                    let all = Runbook.Signal.allCases.map(\.rawValue).joined(separator: ", ")
                    r.report(value, ja: "\(what).signal「\(name)」は使えません（使える値: \(all)）。", en: "\(what).signal '\(name)' is unknown (allowed: \(all)).")
                }
            }
        case "answer":
            if let question = r.string(value, "\(what).answer") {
                var values: [String] = []
                if let node = map["values"], let items = r.sequence(node, "\(what).values", depth: 3) {
                    values = items.compactMap { r.string($0, "\(what).values") }
                } else {
                    r.report(node, ja: "\(what) に values（期待する答え）がありません。", en: "\(what) lacks values (the expected answers).")
                }
                if let runbook {
                    if let (_, q) = runbook.question(id: question) {
                        let normalized = values.map { q.normalize($0) }
                        if normalized.contains(nil) {
                            r.report(
                                map["values"], ja: "\(what).values に質問「\(question)」の答えにならない値があります。",
                                en: "\(what).values holds a value that is not an answer to '\(question)'.")
                        }
                        values = normalized.compactMap { $0 }
                    } else {
                        r.report(value, ja: "手順書「\(runbook.id)」に質問「\(question)」はありません。", en: "The runbook '\(runbook.id)' has no question '\(question)'.")
                    }
                }
                expect = .answer(question: question, values: values)
            }
        case "leak-decision", "closed":
            if let flag = r.bool(value, "\(what).\(kind)") {
                if !flag { r.report(value, ja: "\(what).\(kind) は true にしてください。", en: "\(what).\(kind) must be true.") }
                expect = kind == "closed" ? .closed : .leakDecision
            }
        default: break
        }
        guard let id, let title, let expect else { return nil }
        return Scenario.Target(id: id, title: title, within: within, expect: expect)
    }
}

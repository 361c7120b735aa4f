/// A response procedure described as data: ordered steps, each with guidance,
/// check-points, the contact roles it calls for and the questions it asks.
///
/// The engine knows nothing specific to any runbook; the MHLW seven-step flow
/// lives in `Runbooks/initial-response.yaml`.
public struct Runbook: Sendable, Equatable, Codable {
    public var id: String
    public var version: Int
    public var title: LocalizedText
    public var source: LocalizedText?
    public var steps: [Step]
    /// The YAML text the runbook was loaded from; incidents keep it so that their
    /// state can be rebuilt even after the facility changes its runbooks.
    public var sourceText: String

    /// Finds a step by its number (`3`) or its id (`map-impact`).
    public func step(matching reference: String) -> Step? {
        let trimmed = reference.trimmingCharacters(in: .whitespaces)
        if let number = Int(TimeInput.normalize(trimmed)) {
            return steps.first { $0.number == number }
        }
        return steps.first { $0.id == trimmed }
    }

    public func step(id: String) -> Step? { steps.first { $0.id == id } }

    /// Every question of every step, by id.
    public func question(id: String) -> (Step, Question)? {
        for step in steps {
            if let q = step.questions.first(where: { $0.id == id }) { return (step, q) }
        }
        return nil
    }

    /// One step of a runbook.
    public struct Step: Sendable, Equatable, Codable {
        public var id: String
        public var number: Int
        public var title: LocalizedText
        public var guidance: LocalizedText
        public var checkpoints: [LocalizedText]
        /// Contact roles this step calls for (`security-officer`, `vendors`, `mhlw`, …).
        public var contacts: [String]
        public var questions: [Question]
        public var mandatory: Bool
        public var mandatoryWhen: Condition?
        /// What of the facility's equipment ledger the step shows, when one is kept
        /// (`ledger: [external-devices, backups]`).
        public var ledger: [LedgerView]?
        /// Roles called only when the facility's profile names them (written
        /// `insurer?` in the runbook): outside helpers some clinics have, such as
        /// the cyber-insurer's incident line; never a gap when absent.
        public var ifOnFile: [String] = []
        /// What of the facility's BCP the step shows, when one is imported
        /// (`bcp: [continuity]`: forms, people and places; `recovery`: priorities and evidence).
        public var bcp: [BCPView]? = nil

        /// The roles to call under `profile`: every listed role, less the
        /// if-on-file ones the profile does not name.
        public func callees(profile: FacilityProfile?) -> [String] {
            contacts.filter { !ifOnFile.contains($0) || !(profile?.contacts(for: $0).isEmpty ?? true) }
        }

        /// Whether the step must be finished before a plain close, given the
        /// answers recorded so far (question id → answer value).
        public func isMandatory(answers: [String: String]) -> Bool {
            if mandatory { return true }
            return mandatoryWhen?.isMet(answers: answers) ?? false
        }
    }

    /// A part of the BCP a step shows.
    public enum BCPView: String, Sendable, Equatable, Codable, CaseIterable {
        /// How care continues: each system's alternative operation (forms, who switches, where the forms are kept),
        /// booked patients, prescriptions, billing, orders, inpatients, and the re-entry afterwards.
        case continuity
        /// The recovery priority with target times, and the evidence to keep before restoring.
        case recovery
    }

    /// A part of the equipment ledger a step shows.
    public enum LedgerView: String, Sendable, Equatable, Codable, CaseIterable {
        /// Devices connected to the outside, remote maintenance and VPN first: the likely ways in.
        case externalDevices = "external-devices"
        /// The backup register: what to check is intact.
        case backups
    }

    /// A question a step asks; its answers are recorded as `answer` events.
    public struct Question: Sendable, Equatable, Codable {
        public var id: String
        public var type: QuestionType
        public var prompt: LocalizedText
        public var choices: [Choice]
        /// Keys of the report fields (`ReportField`) its answer fills when no fact
        /// is recorded.
        public var fills: [String] = []
        /// Report wording per answer value, where the reports need text other
        /// than the choice label (`yes` → データ持ち出しの形跡または公開の脅迫があります).
        public var wording: [String: LocalizedText] = [:]
        /// Appended to a count in the reports (`3` → `3台`).
        public var unit: LocalizedText? = nil
        /// The engine signal its answer raises, and with which values.
        public var signal: SignalRule? = nil
        /// Further signals, where one answer means several things (nil when none).
        public var moreSignals: [SignalRule]? = nil
        /// Every signal rule of the question.
        public var signals: [SignalRule] { (signal.map { [$0] } ?? []) + (moreSignals ?? []) }
        /// The line its answer adds to the reports' BCP list.
        public var bcp: BCPItem? = nil

        /// The values an answer can take, or nil when any text (or count) is an answer.
        public var answerValues: [String]? {
            switch type {
            case .choice: choices.map(\.id)
            case .yesno: ["yes", "no"]
            case .count, .text: nil
            }
        }

        /// Checks and normalises an answer: `yesno` accepts はい/いいえ/y/n,
        /// `count` a non-negative integer (with a unit or 約: `2台`, `約2,300人`), `choice` a choice id or its label.
        public func normalize(_ raw: String) -> String? {
            let text = TimeInput.normalize(raw).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { return nil }
            switch type {
            case .text:
                return text
            case .count:
                // `2台`, `約2,300人`: the number is kept (see `JapaneseInput.count`).
                guard let n = JapaneseInput.count(text)?.value else { return nil }
                return String(n)
            case .yesno:
                switch text.lowercased() {
                case "y", "yes", "はい", "有", "あり", "1", "true": return "yes"
                case "n", "no", "いいえ", "無", "なし", "0", "false": return "no"
                default: return nil
                }
            case .choice:
                if let c = choices.first(where: { $0.id.lowercased() == text.lowercased() }) { return c.id }
                // "y" / "n" work for yes/no/unknown choices as they do for yes/no questions.
                // So do はい / いいえ / わからない, whatever the choice's own label says.
                let aliases = ["y": "yes", "n": "no", "はい": "yes", "いいえ": "no", "わからない": "unknown", "不明": "unknown", "分からない": "unknown"]
                if let alias = aliases[text.lowercased()], choices.contains(where: { $0.id == alias }) { return alias }
                if let n = Int(text), choices.indices.contains(n - 1) { return choices[n - 1].id }
                return choices.first { $0.label.ja == text || $0.label.en.lowercased() == text.lowercased() }?.id
            }
        }
    }

    public enum QuestionType: String, Sendable, CaseIterable, Codable {
        case yesno, count, text, choice
    }

    public struct Choice: Sendable, Equatable, Codable {
        public var id: String
        public var label: LocalizedText
    }

    /// "Mandatory only when an answer raises this": written in the runbook either
    /// as a question and its values, or as an engine signal, which the loader
    /// resolves to the questions that raise it.
    public struct Condition: Sendable, Equatable, Codable {
        /// The signal the condition was written with, if any.
        public var signal: Signal?
        /// The questions and the answer values that meet the condition.
        public var triggers: [Trigger]
        /// How the step counts while none of the triggering questions has an answer.
        public var unanswered: Bool

        /// The condition on one question's answer.
        public init(question: String, values: [String], unanswered: Bool) {
            self.init(signal: nil, triggers: [Trigger(question: question, values: values)], unanswered: unanswered)
        }

        public init(signal: Signal?, triggers: [Trigger], unanswered: Bool) {
            self.signal = signal
            self.triggers = triggers
            self.unanswered = unanswered
        }

        /// Met when an answered triggering question has one of its values; while
        /// no triggering question has an answer, `unanswered` decides.
        public func isMet(answers: [String: String]) -> Bool {
            let answered = triggers.compactMap { t in answers[t.question].map { (t, $0) } }
            guard !answered.isEmpty else { return unanswered }
            return answered.contains { t, value in t.values.contains(value) }
        }
    }

    /// A question and the answer values that meet a condition.
    public struct Trigger: Sendable, Equatable, Codable {
        public var question: String
        public var values: [String]

        public init(question: String, values: [String]) {
            self.question = question
            self.values = values
        }
    }
}

import Foundation

/// What a runbook's answers mean to the engine and to the reports.
///
/// The engine never names a question: a question declares the report fields its
/// answer fills (`fills`), the signal it raises (`signal`) and the BCP line it
/// adds (`bcp`), so a facility that renames or rewrites its questions keeps the
/// same report content and the same engine behaviour.
extension Runbook {
    /// An engine concept a runbook answer can raise. The set is closed: the
    /// engine acts on these, and a runbook names them (`signal: {name: attackSuspected, …}`).
    public enum Signal: String, Sendable, CaseIterable, Codable {
        /// A cyberattack is suspected: the MHLW report becomes mandatory, and the
        /// PPC decision must be taken before the incident is closed.
        case attackSuspected
        /// Personal data may have been taken out: the PPC decision must be taken
        /// before the incident is closed.
        case leakSuspected
        /// The affected devices have been cut off the network (a recorded action
        /// the drafts may state, with the time of the answer).
        case isolated
        /// The police (cyber-crime desk) have been consulted.
        case policeConsulted
        /// Care has switched to paper operation.
        case paperOperation
        /// Booked patients have been contacted or their appointments changed.
        case appointmentsChanged
        /// Emergency intake is limited or suspended.
        case emergencyIntakeRestricted
        /// The affected devices are not yet cut off the network: the step that asked
        /// must not be marked done by a bare Enter (`guide` warns and keeps it open).
        case notContained
    }

    /// "This question raises `name` when answered with one of `when`."
    public struct SignalRule: Sendable, Equatable, Codable {
        public var name: Signal
        public var when: [String]

        public init(name: Signal, when: [String]) {
            self.name = name
            self.when = when
        }
    }

    /// A line of the reports' BCP list (`{{#bcp}}{{item}}: {{value}}{{/bcp}}`): its
    /// label, and the wording per answer value (the answer's label otherwise).
    public struct BCPItem: Sendable, Equatable, Codable {
        public var item: LocalizedText
        public var wording: [String: LocalizedText]

        public init(item: LocalizedText, wording: [String: LocalizedText] = [:]) {
            self.item = item
            self.wording = wording
        }
    }

    /// Every question, in runbook order.
    public var questions: [Question] { steps.flatMap(\.questions) }

    /// The questions whose answers can raise `signal`, in runbook order.
    public func questions(raising signal: Signal) -> [Question] {
        questions.filter { q in q.signals.contains { $0.name == signal } }
    }

    /// When `signal` was first raised by a recorded answer (question id → answer
    /// record), or nil: what a draft states as done, with its time.
    public func signalRaisedAt(_ signal: Signal, answers: [String: IncidentState.Record<String>]) -> Date? {
        questions(raising: signal).compactMap { q -> Date? in
            guard let a = answers[q.id], q.signals.contains(where: { $0.name == signal && $0.when.contains(a.value) }) else { return nil }
            return a.at
        }.min()
    }

    /// Whether any recorded answer (question id → value) raises `signal`.
    public func signal(_ signal: Signal, answers: [String: String]) -> Bool {
        questions(raising: signal).contains { q in
            answers[q.id].map { v in q.signals.contains { $0.name == signal && $0.when.contains(v) } } ?? false
        }
    }

    /// The report field values the recorded answers fill (field key → text in
    /// `language`). Where two questions fill one field, the first answered in
    /// runbook order wins.
    public func fieldValues(answers: [String: String], language: Language) -> [String: String] {
        var values: [String: String] = [:]
        for q in questions where !q.fills.isEmpty {
            guard let value = answers[q.id] else { continue }
            let text = q.reportText(value, language)
            for key in q.fills where values[key] == nil { values[key] = text }
        }
        return values
    }

    /// The BCP lines the recorded answers give, in runbook order.
    public func bcpItems(answers: [String: String], language: Language) -> [(item: String, value: String)] {
        questions.compactMap { q in
            guard let bcp = q.bcp, let value = answers[q.id] else { return nil }
            return (bcp.item(language), bcp.wording[value]?(language) ?? q.label(of: value, language))
        }
    }
}

extension Runbook {
    /// Whether any question says what its answer means (`fills`, `wording`,
    /// `unit`, `signal`, `bcp`) or any condition names a signal.
    var declaresMeanings: Bool {
        questions.contains { !$0.fills.isEmpty || !$0.wording.isEmpty || $0.unit != nil || !$0.signals.isEmpty || $0.bcp != nil }
            || steps.contains { $0.mandatoryWhen?.signal != nil }
    }

    /// Runbooks written before questions declared their meaning (among them the
    /// copy every earlier incident stored when it was declared) take the meanings
    /// of the built-in runbook with the same id, question by question, where the
    /// question has the same id, type and answer values; so an incident's reports
    /// and signals do not change when the program is upgraded under it.
    mutating func adoptMeanings(of builtIn: Runbook) {
        for s in steps.indices {
            for q in steps[s].questions.indices {
                let mine = steps[s].questions[q]
                guard let (_, theirs) = builtIn.question(id: mine.id), theirs.type == mine.type,
                    theirs.answerValues == mine.answerValues
                else { continue }
                steps[s].questions[q].fills = theirs.fills
                steps[s].questions[q].wording = theirs.wording
                steps[s].questions[q].unit = theirs.unit
                steps[s].questions[q].signal = theirs.signal
                steps[s].questions[q].moreSignals = theirs.moreSignals
                steps[s].questions[q].bcp = theirs.bcp
            }
        }
    }
}

extension Runbook.Question {
    /// An answer value as people read it: a choice's label, はい/いいえ, or the text as given.
    public func label(of value: String, _ l: Language) -> String {
        switch type {
        case .yesno: value == "yes" ? l.pick(ja: "はい", en: "yes") : l.pick(ja: "いいえ", en: "no")
        case .choice: choices.first { $0.id == value }?.label(l) ?? value
        case .count, .text: value
        }
    }

    /// An answer value as the reports write it: the runbook's wording for the
    /// value, else the count with its unit, else the label.
    public func reportText(_ value: String, _ l: Language) -> String {
        if let text = wording[value] { return text(l) }
        if type == .count, let unit { return value + unit(l) }
        return label(of: value, l)
    }
}

import Foundation
import Testing

@testable import IncidentKit

/// The guide's decisions, played without a terminal: prompts in, inputs out,
/// events recorded through a real store.
@Suite struct GuideFlowTests {
    struct Walk {
        let store: EventStore
        let dir: URL
        var state: IncidentState
        var flow = GuideFlow(language: .ja)

        init() throws {
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("incident-guideflow-\(UUID().uuidString)")
            store = try EventStore(path: dir.appendingPathComponent("s.sqlite").path, create: true)
            let profile = try FacilityProfileLoader.load(text: ProfileFixtures.complete, file: "p.yaml")
            state = try store.declare(
                summary: "電子カルテが開かない", runbook: Fixture.runbook, awareAt: nil, actor: "山田", timeZone: .facilityDefault,
                profile: profile
            ).1
        }

        /// Answers the current prompt with `input`, records what it decides; returns the prompt answered.
        @discardableResult
        mutating func answer(_ input: GuideFlow.Input) throws -> (GuideFlow.Prompt, GuideFlow.Decision) {
            let prompt = flow.next(state)
            var decision = flow.decide(prompt, input)
            if case .askSkipReason(let s) = decision { decision = flow.skip(s, reason: .empty) }
            if case .record(let intent) = decision {
                state = try IncidentService(store: store, clock: store.clock).record(intent, on: state.id, by: "山田").state
            }
            return (prompt, decision)
        }
    }

    @Test func aPendingStepStartsThenCallsThePrincipalFirst() throws {
        var w = try Walk()
        defer { try? FileManager.default.removeItem(at: w.dir) }
        let (first, decision) = try w.answer(.empty)
        #expect(first == .start(Fixture.runbook.steps[0]))
        #expect(decision == .record(.startStep("confirm-anomaly")))
        guard case .call(_, let callee, let advice) = w.flow.next(w.state) else {
            Issue.record("expected a call, got \(w.flow.next(w.state))")
            return
        }
        #expect(callee.role == "security-officer")
        #expect(advice == nil)
    }

    @Test func noAnswerMovesToTheDeputyWithAdviceInWordsAndNoCommand() throws {
        var w = try Walk()
        defer { try? FileManager.default.removeItem(at: w.dir) }
        try w.answer(.empty)  // start
        let (_, d) = try w.answer(.text("2"))  // no answer
        guard case .record(.contact(let role, let outcome, _, _, _)) = d else {
            Issue.record("expected a contact, got \(d)")
            return
        }
        #expect(role == "security-officer" && outcome == .noAnswer)
        guard case .call(_, let deputy, let advice) = w.flow.next(w.state) else {
            Issue.record("expected the deputy's call")
            return
        }
        #expect(deputy.role == "security-officer-deputy")
        #expect(advice?.contains("医療情報システム安全管理責任者 に連絡がつきません") == true, "\(advice ?? "")")
        #expect(advice?.contains("incident contact") == false)
    }

    @Test func invalidInputIsAskedAgainAndEnterMovesOn() throws {
        var w = try Walk()
        defer { try? FileManager.default.removeItem(at: w.dir) }
        try w.answer(.empty)  // start
        let before = w.flow.next(w.state)
        let (_, invalid) = try w.answer(.text("9"))
        guard case .invalid = invalid else {
            Issue.record("expected invalid, got \(invalid)")
            return
        }
        #expect(w.flow.next(w.state) == before)  // the same call again
        try w.answer(.empty)  // later: the deputy is on standby, so questions come next
        guard case .question(_, let q) = w.flow.next(w.state) else {
            Issue.record("expected a question, got \(w.flow.next(w.state))")
            return
        }
        let (_, bad) = try w.answer(.text("abc"))
        #expect(bad == .invalid(.init(ja: "「abc」は使えません。答え方: \(q.expectedForm(.ja))", en: "'abc' is not valid. Expected: \(q.expectedForm(.en))")))
        let (_, good) = try w.answer(.text("はい"))
        #expect(good == .record(.answer(question: q.id, value: "はい")))
    }

    @Test func afterEveryQuestionTheStepIsOfferedAsDoneAndNoMeansNotYet() throws {
        var w = try Walk()
        defer { try? FileManager.default.removeItem(at: w.dir) }
        try w.answer(.empty)  // start
        try w.answer(.text("1"))  // principal reached
        var prompt = w.flow.next(w.state)
        while case .question = prompt {
            try w.answer(.empty)  // skip every question
            prompt = w.flow.next(w.state)
        }
        guard case .confirmDone(let s, let unreached, let notContained) = prompt else {
            Issue.record("expected confirmDone, got \(prompt)")
            return
        }
        #expect(unreached.isEmpty)
        #expect(!notContained)
        var copy = w.flow
        #expect(copy.decide(prompt, .text("n")) == .notYet(s))
        #expect(copy.decide(prompt, .quit) == .leave)
        let (_, done) = try w.answer(.empty)
        #expect(done == .record(.finishStep(s.id)))
        // The walk moves on to step 2.
        #expect(w.flow.next(w.state) == .start(Fixture.runbook.steps[1]))
    }
}

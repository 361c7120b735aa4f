import Foundation
import Testing

@testable import IncidentKit

/// `status` lists each draft's gaps by reading the templates' tags, without
/// rendering: it must name exactly what rendering would show as placeholders.
@Suite struct ReportGapsTests {
    /// The same incident at several stages, from the bare declaration to the full fixture.
    static func states() throws -> [IncidentState] {
        let (store, dir) = try ReportSnapshotTests.store()
        defer { try? FileManager.default.removeItem(at: dir) }
        let runbook = try RunbookCatalog().runbook(named: RunbookCatalog.defaultName)
        let (declared, bare) = try store.declare(
            summary: "画面異常", runbook: runbook, awareAt: ReportSnapshotTests.at(10, 8, 30), actor: "山田",
            timeZone: ReportSnapshotTests.tokyo)
        var out = [bare]
        let at = ReportSnapshotTests.at
        for (time, body): (Date, EventBody) in [
            (at(10, 8, 35), .impact(.init(target: "電子カルテ", status: .down))),
            (at(10, 8, 50), .contact(.init(role: "director", outcome: .reached))),
            (at(10, 11, 0), .leakAssessed(.init(answers: LeakAnswers(leak: .suspected, sensitive: true, people: 20).recorded))),
            (at(10, 11, 10), .fact(.init(key: "cause", value: "調査中"))),
        ] {
            out.append(try store.append(EventDraft(occurredAt: time, actor: "山田", body: body), to: declared.incidentID).1)
        }
        out.append(try ReportSnapshotTests.fixtureIncident())
        return out
    }

    @Test func gapsFoundWithoutRenderingEqualWhatRenderingShows() throws {
        let templates = ReportTemplates()
        for (n, state) in try Self.states().enumerated() {
            let listed = Dictionary(uniqueKeysWithValues: templates.missing(state: state, today: ReportSnapshotTests.today).map { ($0.kind, $0.missing) })
            for kind in ReportKind.allCases {
                let rendered = try templates.render(kind, state: state, today: ReportSnapshotTests.today, language: .ja)
                #expect(listed[kind.rawValue] == rendered.missing, "stage \(n), \(kind.rawValue)")
            }
        }
    }

    @Test func sectionsDecideWhatIsShown() throws {
        let refs = try #require(TemplateReferences("{{a}}{{#s}}{{b}}{{/s}}{{^s}}{{c}}{{/s}}{{! {{d}} }}{{{e}}}"))
        #expect(refs.references.map(\.name) == ["a", "b", "c", "e"])
        #expect(TemplateReferences.opens(refs.references[1].sections, in: ["s": true]))
        #expect(!TemplateReferences.opens(refs.references[1].sections, in: ["s": false]))
        #expect(TemplateReferences.opens(refs.references[2].sections, in: ["s": [Any]()]))
        #expect(TemplateReferences("{{#s}}{{a}}") == nil)
        #expect(TemplateReferences("{{#s}}{{/t}}") == nil)
    }
}

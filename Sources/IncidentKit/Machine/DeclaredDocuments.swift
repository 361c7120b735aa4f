import Foundation
import Synchronization

/// The runbook and facility profile an incident was declared under, exactly as
/// its (hash-chained) declaration event carries them.
///
/// Folding the log never parses them: a stored log stays readable even if a
/// later release tightens what a runbook or profile may say. They are parsed on
/// first use (status, reports, the guide), once per process. Should today's
/// loader refuse what an older version accepted, `runbook` is an empty runbook
/// titled with the problem and `loadError` says what it was, so the record can
/// still be read, verified and exported.
public final class DeclaredDocuments: Sendable, Equatable {
    public let runbookID: String
    public let runbookSource: String
    public let profileSource: String?
    /// The drill marking of the declaration, for a drill; nil for a real incident.
    public let drill: EventBody.Drill?
    private let incidentID: String
    private let parsed: Mutex<(runbook: Runbook, profile: FacilityProfile?, error: IncidentError?)?>

    public init(incidentID: String, runbookID: String, runbookSource: String, profileSource: String?, drill: EventBody.Drill? = nil) {
        (self.incidentID, self.runbookID, self.runbookSource, self.profileSource) = (incidentID, runbookID, runbookSource, profileSource)
        self.drill = drill
        parsed = Mutex(nil)
    }

    /// Documents already parsed (at declaration, where the caller loaded them).
    public init(incidentID: String, runbook: Runbook, profile: FacilityProfile?, drill: EventBody.Drill? = nil) {
        (self.incidentID, runbookID, runbookSource, profileSource) = (incidentID, runbook.id, runbook.sourceText, profile?.sourceText)
        self.drill = drill
        parsed = Mutex((runbook, profile, nil))
    }

    public static func == (a: DeclaredDocuments, b: DeclaredDocuments) -> Bool {
        a === b || (a.runbookID == b.runbookID && a.runbookSource == b.runbookSource && a.profileSource == b.profileSource && a.drill == b.drill)
    }

    public var runbook: Runbook { load().runbook }
    public var profile: FacilityProfile? { load().profile }
    /// Why the declared runbook or profile could not be read by this version, if so.
    public var loadError: IncidentError? { load().error }

    private func load() -> (runbook: Runbook, profile: FacilityProfile?, error: IncidentError?) {
        parsed.withLock { cached in
            if let cached { return cached }
            var problem: IncidentError?
            let runbook: Runbook
            do throws(IncidentError) {
                runbook = try RunbookLoader.load(text: runbookSource, file: "runbook \(runbookID)")
            } catch {
                problem = error
                runbook = Runbook(
                    id: runbookID, version: 0, title: .init(ja: "（手順書 \(runbookID) を読めません）", en: "(runbook \(runbookID) cannot be read)"),
                    source: nil, steps: [], sourceText: runbookSource)
            }
            var profile: FacilityProfile?
            if let profileSource {
                do throws(IncidentError) {
                    profile = try FacilityProfileLoader.load(text: profileSource, file: "facility profile (incident \(incidentID))")
                } catch {
                    problem = problem ?? error
                }
            }
            cached = (runbook, profile, problem)
            return (runbook, profile, problem)
        }
    }
}

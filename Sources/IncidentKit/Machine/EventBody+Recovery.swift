import Foundation

// Step 7 on the record (issue #23): recovery stages, paper records waiting to be
// entered, prevention measures, evidence, decisions and costs. Who recorded each
// is the event's actor, when is its occurrence time.
extension EventBody {
    /// A system reached a recovery stage. `backup` names the generation used (as
    /// the clinic names it) and `offline` whether that copy was kept offline;
    /// `withoutEvidence` is the reason a person gave to rebuild or restore before
    /// any evidence was registered for the system (the actor decided it).
    public struct RecoveryStaged: Sendable, Equatable, Codable {
        public var system: String
        public var stage: RecoveryStage
        public var backup: String?
        public var offline: Bool?
        public var withoutEvidence: String?
        public init(system: String, stage: RecoveryStage, backup: String? = nil, offline: Bool? = nil, withoutEvidence: String? = nil) {
            (self.system, self.stage, self.backup, self.offline, self.withoutEvidence) = (system, stage, backup, offline, withoutEvidence)
        }
    }

    /// Paper records of a department waiting to be entered, counted: `pending`
    /// sets the count waiting; `entered` adds records entered (lowering it).
    public struct Reentry: Sendable, Equatable, Codable {
        public var department: String
        public var pending: Int?
        public var entered: Int?
        public init(department: String, pending: Int? = nil, entered: Int? = nil) {
            (self.department, self.pending, self.entered) = (department, pending, entered)
        }
    }

    /// A prevention measure promised (the 確報's 再発防止のための措置, checklist 5-2…5-4).
    public struct MeasureAdded: Sendable, Equatable, Codable {
        /// 1, 2, 3 … within the incident.
        public var id: Int
        public var text: String
        public var owner: String
        public var due: Day
        public init(id: Int, text: String, owner: String, due: Day) { (self.id, self.text, self.owner, self.due) = (id, text, owner, due) }
    }

    /// A prevention measure carried out.
    public struct MeasureDone: Sendable, Equatable, Codable {
        public var id: Int
        public init(id: Int) { self.id = id }
    }

    /// An item of evidence preserved (a disk image, a log export, a photo of the
    /// ransom screen): for which system, what, and where it is kept; for a file,
    /// its name, size and SHA-256 as computed when registered.
    public struct Evidence: Sendable, Equatable, Codable {
        public var system: String
        public var text: String
        public var file: String?
        public var sha256: String?
        public var bytes: Int64?
        public var keptAt: String?
        public init(system: String, text: String, file: String? = nil, sha256: String? = nil, bytes: Int64? = nil, keptAt: String? = nil) {
            (self.system, self.text, self.file, self.sha256, self.bytes, self.keptAt) = (system, text, file, sha256, bytes, keptAt)
        }
    }

    /// A decision that carries liability (stopping systems, paper operation,
    /// cutting a vendor's remote access, paying or refusing a ransom, engaging a
    /// firm, publishing, restoring): who decided, on whose advice, and why.
    public struct Decision: Sendable, Equatable, Codable {
        public var text: String
        public var decidedBy: String
        public var advisedBy: String?
        public var why: String
        public init(text: String, decidedBy: String, advisedBy: String? = nil, why: String) {
            (self.text, self.decidedBy, self.advisedBy, self.why) = (text, decidedBy, advisedBy, why)
        }
    }

    /// A cost as it arose, in yen (whole yen), for the insurer's claim.
    public struct Cost: Sendable, Equatable, Codable {
        public var amount: Int
        /// Free text; suggested: 調査, 復旧, 機器, 人件費, 通知・広報, 未収.
        public var category: String
        public var payee: String
        public var ref: String?
        /// For care that could not be billed: how many patients are to settle
        /// later (counted, never named); nil for other costs.
        public var patients: Int?
        public init(amount: Int, category: String, payee: String, ref: String? = nil, patients: Int? = nil) {
            (self.amount, self.category, self.payee, self.ref, self.patients) = (amount, category, payee, ref, patients)
        }
    }
}

import Foundation

/// Where runbooks come from: the ones built into the binary, or a facility's
/// own folder (`--runbooks DIR` / `INCIDENT_RUNBOOKS`) that replaces them.
public struct RunbookCatalog: Sendable {
    /// The folder that overrides the built-in runbooks, if any.
    public let directory: String?

    /// A runbook already read (a drill's declared one), served before any other.
    private var fixed: Runbook?

    public init(directory: String? = nil) { self.directory = directory }

    /// A catalog that serves `runbook` itself under its id (and the built-in ones otherwise).
    init(fixed runbook: Runbook) {
        directory = nil
        fixed = runbook
    }

    /// The name of the runbook used when none is given.
    public static let defaultName = "initial-response"

    /// Names of the available runbooks, sorted.
    public func names() throws(IncidentError) -> [String] {
        if let directory {
            guard let files = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
                throw IncidentError.fileUnreadable(directory)
            }
            return files.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
        }
        return EmbeddedResources.files.keys.filter { $0.hasPrefix("Runbooks/") && $0.hasSuffix(".yaml") }
            .map { String($0.dropFirst("Runbooks/".count).dropLast(5)) }.sorted()
    }

    /// Loads the runbook `name`, validated.
    public func runbook(named name: String) throws(IncidentError) -> Runbook {
        if let fixed, fixed.id == name { return fixed }
        if let directory {
            let path = (directory as NSString).appendingPathComponent(name + ".yaml")
            guard FileManager.default.fileExists(atPath: path) else {
                throw IncidentError.unknownRunbook(name, available: (try? names()) ?? [])
            }
            return try RunbookLoader.load(path: path)
        }
        guard let text = EmbeddedResources.files["Runbooks/\(name).yaml"] else {
            throw IncidentError.unknownRunbook(name, available: (try? names()) ?? [])
        }
        return try RunbookLoader.load(text: text, file: "Runbooks/\(name).yaml")
    }
}

import Foundation

/// Where scenarios come from: the ones built into the binary (`Scenarios/`), or
/// a facility's own folder (`--scenarios DIR` / `INCIDENT_SCENARIOS`) that replaces them.
public struct ScenarioCatalog: Sendable {
    public let directory: String?
    /// Where the scenarios' runbooks come from.
    public let runbooks: RunbookCatalog

    public init(directory: String? = nil, runbooks: RunbookCatalog = RunbookCatalog()) {
        (self.directory, self.runbooks) = (directory, runbooks)
    }

    /// Names of the available scenarios (file names without `.yaml`), sorted.
    public func names() throws(IncidentError) -> [String] {
        if let directory {
            guard let files = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
                throw IncidentError.fileUnreadable(directory)
            }
            return files.filter { $0.hasSuffix(".yaml") && !$0.hasPrefix(".") }.map { String($0.dropLast(5)) }.sorted()
        }
        return EmbeddedResources.files.keys.filter { $0.hasPrefix("Scenarios/") && $0.hasSuffix(".yaml") }
            .map { String($0.dropFirst("Scenarios/".count).dropLast(5)) }.sorted()
    }

    /// Loads the scenario `name`, validated against its runbook.
    public func scenario(named name: String) throws(IncidentError) -> Scenario {
        // A name is a file name, never a path.
        guard Role.isKebabIdentifier(name) else { throw IncidentError.unknownScenario(name, available: (try? names()) ?? []) }
        if let directory {
            let path = (directory as NSString).appendingPathComponent(name + ".yaml")
            guard FileManager.default.fileExists(atPath: path) else {
                throw IncidentError.unknownScenario(name, available: (try? names()) ?? [])
            }
            return try ScenarioLoader.load(text: try readText(path: path), file: path, catalog: runbooks)
        }
        guard let text = EmbeddedResources.files["Scenarios/\(name).yaml"] else {
            throw IncidentError.unknownScenario(name, available: (try? names()) ?? [])
        }
        return try ScenarioLoader.load(text: text, file: "Scenarios/\(name).yaml", catalog: runbooks)
    }
}

import Foundation
import PackagePlugin

/// Embeds the package's `Runbooks/`, `Templates/`, `Profiles/` (the sample
/// facility profile) `Scenarios/` (drills) and `Checklists/` into the target as Swift source,
/// so the default runbooks and templates travel inside the executable.
@main
struct EmbedResources: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL
        var inputs: [URL] = []
        for folder in ["Runbooks", "Templates", "Profiles", "Scenarios", "Checklists"] {
            let dir = root.appending(path: folder)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
            for name in names.sorted() where !name.hasPrefix(".") {
                inputs.append(dir.appending(path: name))
            }
        }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedResources.swift")
        return [
            .buildCommand(
                displayName: "Embedding runbooks and templates",
                executable: try context.tool(named: "embed-resources").url,
                arguments: [output.path] + inputs.map(\.path),
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}

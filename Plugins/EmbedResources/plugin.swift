import Foundation
import PackagePlugin

/// Embeds the package's `Runbooks/`, `Templates/`, `Profiles/` (the sample
/// facility profile) `Scenarios/` (drills) and `Checklists/` into the target as Swift source,
/// so the default runbooks and templates travel inside the executable. For the
/// `IncidentBoard` target, `Board/` (the web board's page templates and stylesheet).
@main
struct EmbedResources: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL
        var inputs: [URL] = []
        // The web board's pages and stylesheet go into its own target only.
        let folders = target.name == "IncidentBoard" ? ["Board"] : ["Runbooks", "Templates", "Profiles", "Scenarios", "Checklists"]
        for folder in folders {
            let dir = root.appending(path: folder)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
            for name in names.sorted() where !name.hasPrefix(".") {
                let item = dir.appending(path: name)
                var isDirectory: ObjCBool = false
                // One level of subfolders (Templates/forms/), embedded under their path.
                if FileManager.default.fileExists(atPath: item.path, isDirectory: &isDirectory), isDirectory.boolValue {
                    let inner = (try? FileManager.default.contentsOfDirectory(atPath: item.path)) ?? []
                    for file in inner.sorted() where !file.hasPrefix(".") { inputs.append(item.appending(path: file)) }
                    continue
                }
                inputs.append(item)
            }
        }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedResources.swift")
        return [
            .buildCommand(
                displayName: "Embedding runbooks and templates",
                executable: try context.tool(named: "embed-resources").url,
                arguments: [output.path, "--root", root.path] + inputs.map(\.path),
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}

import Foundation

/// A path's folder and name, worked out on the text alone: Foundation's
/// `NSString` path methods trap on some paths here (`.`), and a path a person
/// typed must never crash the tool.
public enum PathText {
    /// The folder part of `path` (`""` for a bare name, `/` for a file at the root).
    public static func folder(of path: String) -> String {
        var p = Substring(path)
        while p.count > 1, p.hasSuffix("/") { p = p.dropLast() }
        guard let slash = p.lastIndex(of: "/") else { return "" }
        return slash == p.startIndex ? "/" : String(p[..<slash])
    }

    /// The last component of `path` (`incident.sqlite`, or `.` for `.`).
    public static func name(of path: String) -> String {
        var p = Substring(path)
        while p.count > 1, p.hasSuffix("/") { p = p.dropLast() }
        guard let slash = p.lastIndex(of: "/") else { return String(p) }
        return String(p[p.index(after: slash)...])
    }

    /// `folder/name`, or `name` alone for an empty folder.
    public static func join(_ folder: String, _ name: String) -> String {
        folder.isEmpty ? name : folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    /// Whether `path` names an existing folder (or any non-regular file, when `regularOnly`).
    public static func isFolder(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }
}

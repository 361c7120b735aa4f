import Foundation

/// The one way this tool makes a file: new (never overwriting), readable by its
/// owner only (0600, whatever the umask), in a folder made 0700 when missing,
/// written in full and fsynced. Patient data can pass through every file it writes.
public enum PrivateFile {
    /// Creates an empty private file (and its folder). Returns false when it
    /// already existed (another terminal made it first), which callers opening
    /// a store accept; writers use `write(_:toNew:)`, which refuses.
    @discardableResult
    static func create(at path: String) throws(IncidentError) -> Bool {
        try makeParent(of: path)
        let fd = open(path, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        if fd < 0 {
            if errno == EEXIST { return false }
            throw failure(path)
        }
        fchmod(fd, 0o600)
        close(fd)
        return true
    }

    /// Writes `bytes` to a new private file; an existing path is `fileExists`.
    ///
    /// Atomic: the bytes go to a hidden `.NAME.partial-PID` beside `path`, are
    /// fsynced, and only then does the file get its name (never replacing one).
    /// A full disk or any other failure leaves nothing under the name, so the
    /// run can simply be repeated; an abandoned partial is removed by the next.
    public static func write<Bytes: Collection<UInt8>>(_ bytes: Bytes, toNew path: String) throws(IncidentError) {
        if FileManager.default.fileExists(atPath: path) { throw PathText.isFolder(path) ? .notAFile(path) : .fileExists(path) }
        removeAbandonedPartials(of: path)
        let temp = PathText.join(PathText.folder(of: path), ".\(PathText.name(of: path)).partial-\(getpid())")
        unlink(temp)
        let fd = open(temp, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        if fd < 0 { throw failure(path) }
        fchmod(fd, 0o600)
        let data = Array(bytes)
        var written = 0
        while written < data.count {
            let n = data[written...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            if n <= 0 {
                let e = failure(path)
                close(fd)
                unlink(temp)
                throw e
            }
            written += n
        }
        if Foundation.fsync(fd) != 0 {
            let e = failure(path)
            close(fd)
            unlink(temp)
            throw e
        }
        close(fd)
        do throws(IncidentError) {
            try publishFile(temp, as: path)
        } catch {
            unlink(temp)
            throw error
        }
    }

    /// Writes `text` (UTF-8) to a new private file.
    public static func write(_ text: String, toNew path: String) throws(IncidentError) {
        try write(text.utf8, toNew: path)
    }

    /// Makes `path`'s folder (0700) when it does not exist.
    static func makeParent(of path: String) throws(IncidentError) {
        let dir = PathText.folder(of: path)
        guard !dir.isEmpty, !FileManager.default.fileExists(atPath: dir) else { return }
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .storeUnavailable(path: path, reason: "cannot create folder \(dir)")
        }
    }

    /// What the last failed system call on `path` means for the user.
    static func failure(_ path: String) -> IncidentError {
        switch errno {
        case EEXIST: PathText.isFolder(path) ? .notAFile(path) : .fileExists(path)
        case EISDIR: .notAFile(path)
        case EROFS, EACCES, EPERM: .storeReadOnly(path: path)
        case ENOSPC: .storeFull(path: path)
        // An output in a folder that does not exist: the output is named, not the store.
        case ENOENT, ENOTDIR: .fileUnwritable(path, reason: "no such folder: \(PathText.folder(of: path))")
        default: .storeUnavailable(path: path, reason: String(cString: strerror(errno)))
        }
    }

    /// Creates a new empty private file; an existing path is `fileExists`.
    static func createNew(_ path: String) throws(IncidentError) {
        if try !create(at: path) { throw .fileExists(path) }
    }

    /// Makes the new folder `path` (0700), and its parent when missing.
    static func makeDirectory(_ path: String) throws(IncidentError) {
        try makeParent(of: path)
        if mkdir(path, 0o700) != 0 { throw failure(path) }
        chmod(path, 0o700)
    }

    /// fsyncs the folder `path` (so the names of files just written in it are durable).
    static func syncFolder(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY)
        guard fd >= 0 else { return }
        Foundation.fsync(fd)
        close(fd)
    }

    static func fsync(_ path: String) throws(IncidentError) {
        let fd = open(path, O_RDONLY)
        if fd < 0 { throw failure(path) }
        defer { close(fd) }
        if Foundation.fsync(fd) != 0 { throw failure(path) }
    }

    /// Renames the finished folder `temp` to `path`, which must not exist.
    static func publish(_ temp: String, as path: String) throws(IncidentError) {
        // rename(2) would replace an empty folder made meanwhile: refuse instead.
        if FileManager.default.fileExists(atPath: path) { throw .fileExists(path) }
        if rename(temp, path) != 0 { throw failure(path) }
        syncFolder(parentFolder(of: path))
    }

    /// How `publishFile` may give a file its name, best first (tests take away the better ones).
    enum Naming: CaseIterable {
        /// link(2), then drop the temporary name: never replaces a file.
        case link
        /// renameat2(2) with RENAME_NOREPLACE: never replaces a file; FAT and exFAT
        /// (most USB sticks) have no hard links, but support this.
        case renameNoReplace
        /// rename(2) after checking the name is free (a file made in between would be replaced).
        case checkedRename
    }

    /// Gives the finished file `temp` the name `path`, never replacing a file.
    static func publishFile(_ temp: String, as path: String, ways: [Naming] = Naming.allCases) throws(IncidentError) {
        defer { syncFolder(parentFolder(of: path)) }
        for way in ways {
            switch way {
            case .link:
                if link(temp, path) == 0 {
                    unlink(temp)
                    return
                }
                // No hard links on this file system: try the next way.
                guard [EPERM, EOPNOTSUPP, ENOTSUP, EMLINK].contains(errno) else { throw failure(path) }
            case .renameNoReplace:
                guard let renameat2 = renameNoReplace else { continue }
                // 1: RENAME_NOREPLACE.
                if renameat2(AT_FDCWD, temp, AT_FDCWD, path, 1) == 0 { return }
                guard [EINVAL, ENOSYS, EOPNOTSUPP, ENOTSUP].contains(errno) else { throw failure(path) }
            case .checkedRename:
                if FileManager.default.fileExists(atPath: path) { throw .fileExists(path) }
                if rename(temp, path) != 0 { throw failure(path) }
                return
            }
        }
        throw .storeUnavailable(path: path, reason: "this file system cannot name the finished copy without risking another file")
    }

    /// glibc's renameat2 (2.28 and later), which Swift's Glibc module does not import.
    private static let renameNoReplace: (@convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32)? = {
        #if os(Linux)
            // RTLD_DEFAULT is the null handle on Linux.
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else { return nil }
            return unsafeBitCast(symbol, to: (@convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32).self)
        #else
            return nil
        #endif
    }()

    /// Removes what an interrupted backup or export of `path` left beside it:
    /// `.NAME.partial-PID` (a file, with any -wal/-shm/-journal, or a folder)
    /// whose process is gone. Each is a copy of patient records under a hidden
    /// name, on a USB stick as like as not. One still being written by another
    /// live process is left alone. Returns how many were removed.
    @discardableResult
    static func removeAbandonedPartials(of path: String) -> Int {
        let folder = parentFolder(of: path)
        let prefix = ".\(PathText.name(of: path)).partial-"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return 0 }
        var removed = 0
        for name in names where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            let suffix = rest.dropFirst(digits.count)
            guard let pid = Int32(digits), pid > 0, pid != getpid(), ["", "-wal", "-shm", "-journal"].contains(String(suffix)) else { continue }
            // kill(pid, 0): ESRCH means no such process; anything else, leave it.
            guard kill(pid, 0) != 0, errno == ESRCH else { continue }
            if (try? FileManager.default.removeItem(atPath: (folder as NSString).appendingPathComponent(name))) != nil, suffix.isEmpty {
                removed += 1
            }
        }
        if removed > 0 { syncFolder(folder) }
        return removed
    }

    private static func parentFolder(of path: String) -> String {
        let dir = PathText.folder(of: path)
        return dir.isEmpty ? "." : dir
    }
}

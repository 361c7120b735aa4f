import Foundation

extension FacilityProfile {
    /// The annotated Japanese sample profile (`Profiles/facility-sample.yaml`, built in).
    /// Every phone number in it is left empty on purpose: numbers must come from
    /// contracts and official pages, never from the tool.
    public static var sampleText: String {
        EmbeddedResources.files["Profiles/facility-sample.yaml"] ?? ""
    }

    /// Writes the sample to `path`, readable by the owner only (0600).
    /// Never overwrites: an existing file is refused with `fileExists`.
    public static func writeSample(to path: String) throws(IncidentError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        if fd < 0 {
            if errno == EEXIST { throw .fileExists(path) }
            throw .fileNotWritable(path)
        }
        defer { close(fd) }
        let bytes = Array(sampleText.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n <= 0 { throw .fileNotWritable(path) }
            written += n
        }
    }
}

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
        do throws(IncidentError) {
            try PrivateFile.write(sampleText, toNew: path)
        } catch {
            if case .fileExists = error { throw error }
            throw .fileNotWritable(path)
        }
    }
}

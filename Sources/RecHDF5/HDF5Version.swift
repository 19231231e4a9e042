import CHDF5

/// The version of the libhdf5 RecLab is linked against (for run manifests).
public enum HDF5Version {
    /// `major.minor.release`, e.g. `1.10.8`.
    public static var string: String {
        var major: UInt32 = 0, minor: UInt32 = 0, release: UInt32 = 0
        _ = withHDF5 { H5get_libversion(&major, &minor, &release) }
        return "\(major).\(minor).\(release)"
    }
}

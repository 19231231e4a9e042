import Foundation

/// The on-disk formats RecLab reads.
///
/// ```swift
/// let format: DatasetFormat = .delimited(DelimitedOptions(delimiter: "\t", rating: 2))
/// ```
public enum DatasetFormat: Sendable, Equatable, Hashable {
    /// RecBole atomic files (`AtomicFileLoader`): a folder with `<name>.inter`, or that file itself.
    case atomic
    /// Raw GroupLens MovieLens ML-100K / ML-1M (`GroupLensLoader`): a folder or zip.
    case groupLens
    /// One delimited interaction file (`DelimitedLoader`); cannot be detected, only named.
    case delimited(DelimitedOptions)

    /// Stable text of the format (part of the cache key): the case name, with the options'
    /// `cacheDescription` for a delimited file, as Swift's default description wrote it.
    public var cacheDescription: String {
        switch self {
        case .atomic: return "atomic"
        case .groupLens: return "groupLens"
        case .delimited(let options): return "delimited(RecData.\(options.cacheDescription))"
        }
    }
}

/// Finds the right loader for a path: detects the format of a folder, zip or file, or builds the
/// loader for a format the user names.
///
/// ```swift
/// let loader = try DatasetLocator.makeLoader(path: "datasets/ml-100k")   // AtomicFileLoader
/// let data = try loader.load()
/// ```
///
/// Detection: a folder with a `*.inter` file, or a `.inter` file, is atomic; a folder or zip holding
/// `u.data` or `ratings.dat` is GroupLens; any other file is delimited, its layout guessed by
/// `DelimitedSniffer` (an error names the file when no separator splits its lines evenly); anything
/// else is an error naming the path and the supported formats.
public enum DatasetLocator {
    /// What the error for an unrecognised path lists.
    static let supportedFormats = "RecBole atomic files (a folder with <name>.inter), GroupLens MovieLens "
        + "ML-100K / ML-1M (a folder or .zip with u.data or ratings.dat), or a delimited file (CSV, TSV, '::'; its "
        + "separator, header and columns are guessed, or named in dataset.delimited)"

    /// The format of `path`, detected from the files present.
    public static func detectFormat(path: String) throws -> DatasetFormat {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DataError.missingFile(path: path)
        }
        let url = URL(fileURLWithPath: path)
        if isDirectory.boolValue {
            let names = try FileManager.default.contentsOfDirectory(atPath: path)
            if names.contains(where: { $0.hasSuffix(".inter") }) { return .atomic }
            if names.contains("u.data") || names.contains("ratings.dat") { return .groupLens }
        } else if url.pathExtension == "inter" {
            return .atomic
        } else if url.pathExtension.lowercased() == "zip" {
            let source = try FileSource(path: path)
            if source.contains("u.data") || source.contains("ratings.dat") { return .groupLens }
        } else {
            return .delimited(try DelimitedSniffer.sniff(path: path))
        }
        throw DataError.other("\(path): cannot tell the data format; supported: \(supportedFormats)")
    }

    /// A loader for `path` in `format`, or in the detected format when `format` is nil.
    public static func makeLoader(path: String, format: DatasetFormat? = nil) throws -> any DataLoader {
        switch try format ?? detectFormat(path: path) {
        case .atomic:
            let url = URL(fileURLWithPath: path)
            if url.pathExtension == "inter" {
                return AtomicFileLoader(folder: url.deletingLastPathComponent().path,
                                        name: url.deletingPathExtension().lastPathComponent)
            }
            return AtomicFileLoader(folder: path)
        case .groupLens:
            return GroupLensLoader(path: path)
        case .delimited(let options):
            return DelimitedLoader(path: path, options: options)
        }
    }
}

/// A loader for `path` in `format`, or in the detected format when `format` is nil
/// (see `DatasetLocator`).
public func makeLoader(path: String, format: DatasetFormat? = nil) throws -> any DataLoader {
    try DatasetLocator.makeLoader(path: path, format: format)
}

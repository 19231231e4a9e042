import Foundation
import ZIPFoundation

/// Small, hand-written data files in the layouts the loaders read (ML-100K, ML-1M, RecBole atomic),
/// written by the tests into temporary folders or zip archives. Expected values are stated next to
/// each fixture so tests can compare against numbers worked out by hand.
public enum LoaderFixtures {
    /// Encodes `text` as Latin-1 (every scalar must be ≤ U+00FF), so "Café" ends in byte 0xE9.
    public static func latin1(_ text: String) -> [UInt8] {
        text.unicodeScalars.map { scalar in
            precondition(scalar.value <= 0xFF, "not Latin-1: \(scalar)")
            return UInt8(scalar.value)
        }
    }

    /// Writes raw bytes to `name` inside `dir` and returns the path.
    @discardableResult
    public static func write(_ bytes: [UInt8], to name: String, in dir: URL) throws -> String {
        let url = dir.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
        return url.path
    }

    /// Writes every file of `files` (name → bytes) into `dir`.
    public static func write(_ files: [String: [UInt8]], in dir: URL) throws {
        for (name, bytes) in files { try write(bytes, to: name, in: dir) }
    }

    /// Writes `files` into a new zip archive at `dir/archiveName`, each entry under `prefix`
    /// (for example `ml-100k/`), deflate-compressed; returns the archive path.
    public static func zip(_ files: [String: [UInt8]], prefix: String, named archiveName: String, in dir: URL) throws -> String {
        let url = dir.appendingPathComponent(archiveName)
        let archive = try Archive(url: url, accessMode: .create)
        if !prefix.isEmpty {
            try archive.addEntry(with: prefix, type: .directory, uncompressedSize: Int64(0),
                                 provider: { _, _ in Data() })
        }
        for name in files.keys.sorted() {
            let data = Data(files[name]!)
            try archive.addEntry(with: prefix + name, type: .file, uncompressedSize: Int64(data.count),
                                 compressionMethod: .deflate,
                                 provider: { position, size in data.subdata(in: Int(position)..<Int(position) + size) })
        }
        return url.path
    }

    // MARK: - ML-100K

    /// An ML-100K-shaped release: 3 users (user 3 only in `u.data`), 3 items (item 30 only in
    /// `u.data`), 5 ratings; item 10 is "Café Society" in Latin-1 with genres Action + Comedy and
    /// release year 1995; item 20 has no release date, so its year 1950 comes from the title.
    public static func ml100k() -> [String: [UInt8]] {
        let flags10 = genreFlags(["Action", "Comedy"])
        let flags20 = genreFlags(["Drama", "Film-Noir"])
        return [
            "u.data": Array("1\t10\t4\t881250949\n2\t10\t3\t891717742\n1\t20\t5\t878887116\n3\t30\t1\t880606923\n2\t20\t2\t886397596\n".utf8),
            "u.user": Array("1|24|M|technician|85711\n2|53|F|other|94043\n".utf8),
            "u.item": latin1("10|Café Society (1995)|01-Jan-1995||http://example.org/10|\(flags10)\n"
                             + "20|Old Film (1950)|||http://example.org/20|\(flags20)\n"),
            "README": Array("not a data file\n".utf8),
        ]
    }

    /// The 19 ML-100K genre flags for a film in `genres`, joined with `|`.
    public static func genreFlags(_ genres: Set<String>) -> String {
        let all = ["unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary", "Drama",
                   "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western"]
        return all.map { genres.contains($0) ? "1" : "0" }.joined(separator: "|")
    }

    // MARK: - ML-1M

    /// An ML-1M-shaped release: users 1 (F, age group 1, occupation 10) and 2 (M, 56, 16); movies
    /// 1 ("Toy Story (1995)", Animation|Children's|Comedy) and 2 ("Cité (1998)" in Latin-1, Drama);
    /// movie 3 only rated; 4 ratings.
    public static func ml1m() -> [String: [UInt8]] {
        [
            "ratings.dat": Array("1::1::5::978300760\r\n1::2::3::978302109\r\n2::1::4::978301968\r\n2::3::2::978300275\r\n".utf8),
            "users.dat": Array("1::F::1::10::48067\n2::M::56::16::70072\n".utf8),
            "movies.dat": latin1("1::Toy Story (1995)::Animation|Children's|Comedy\n2::Cité (1998)::Drama\n"),
        ]
    }

    // MARK: - RecBole atomic

    /// A RecBole atomic dataset called `tiny`: users u1, u2 in `.user` (u3 only in `.inter`), items
    /// i1, i2 in `.item` (i3 only in `.inter`), 4 interactions with float timestamps, a 3-triple
    /// `.kg` and a `.link` that links i1 → e1, i3 → e9 (not in the kg) and an unknown item i7.
    public static func atomic() -> [String: [UInt8]] {
        [
            "tiny.inter": Array("""
                user_id:token\titem_id:token\trating:float\ttimestamp:float
                u1\ti1\t4\t100.0
                u2\ti2\t3.5\t200.7
                u3\ti3\t1\t300
                u1\ti2\t5\t400

                """.utf8),
            "tiny.user": Array("""
                user_id:token\tage:float\tgender:token\ttags:token_seq\temb:float_seq
                u1\t30\tF\ta b\t0.1 0.2
                u2\t\tM\tb\t0.3 0.4

                """.utf8),
            "tiny.item": Array("""
                item_id:token\tyear:token\tclass:token_seq
                i1\t1995\tAction Comedy
                i2\t\tComedy

                """.utf8),
            "tiny.kg": Array("""
                head_id:token\trelation_id:token\ttail_id:token
                e1\tdirected_by\te2
                e3\tstarring\te1
                e1\tstarring\te4

                """.utf8),
            "tiny.link": Array("""
                item_id:token\tentity_id:token
                i1\te1
                i3\te9
                i7\te5

                """.utf8),
        ]
    }

    // MARK: - Real data

    /// The package root (the folder holding `Package.swift`), found from a test file's `#filePath`.
    public static func packageRoot(from filePath: String) -> URL {
        var url = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
            url.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: filePath).deletingLastPathComponent()
    }
}

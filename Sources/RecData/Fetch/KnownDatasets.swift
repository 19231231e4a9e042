/// The datasets RecLab knows by name, where their files come from, and the SHA-256 of every file
/// (recorded here so a fetched copy is checked byte for byte).
public struct KnownDataset: Sendable {
    /// Name used on the command line and in specs (`ml-100k`).
    public let name: String
    /// Folder under the datasets root where the files are unpacked.
    public let folder: String
    /// PyPI distribution and version that ships the files (fetched with `pip download --no-deps`).
    public let pypiRequirement: String?
    /// Path prefix of the files inside that wheel.
    public let wheelPrefix: String?
    /// File name → SHA-256 (lower-case hex).
    public let checksums: [String: String]
    /// Where the data comes from and its licence, for `data fetch` output.
    public let provenance: String

    /// Every known dataset.
    public static let all: [KnownDataset] = [movieLens100K]

    /// The known dataset called `name`, if any.
    public static func named(_ name: String) -> KnownDataset? { all.first { $0.name == name } }

    /// MovieLens-100K with its Freebase knowledge graph, as RecBole 1.2.1 ships it (atomic files).
    public static let movieLens100K = KnownDataset(
        name: "ml-100k",
        folder: "ml-100k",
        pypiRequirement: "recbole==1.2.1",
        wheelPrefix: "recbole/dataset_example/ml-100k/",
        checksums: [
            "ml-100k.inter": "4edb74e2a81178c2ba9ff381495f754f996c4aea351b1272ca36b43da0935eff",
            "ml-100k.item": "51d7cdf777ce5c0f5b32c1d947a4a81fe07d75e78abbe761e0cd4d0756064532",
            "ml-100k.kg": "200a0636fa07c218119a42e5bac7aa3e26e3665a6f919c1b22909bd412b14779",
            "ml-100k.link": "524dca2c3d62619688ab99b3ec53ea2acb9b64d38eafec3e02bdd0dc6bb7d948",
            "ml-100k.user": "4f670007d9cfbeb9807e757209af1555b9bcc186bde25e767f67cb67c6dd5972",
        ],
        provenance: "MovieLens-100K (GroupLens, F. M. Harper & J. A. Konstan 2015) with the Freebase links "
            + "of KB4Rec (Zhao et al. 2019), from the recbole 1.2.1 wheel on PyPI. Licence: research use, "
            + "no redistribution — never commit these files."
    )
}

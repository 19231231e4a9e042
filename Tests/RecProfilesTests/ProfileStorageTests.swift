import Foundation
import RecCore
import RecData
import RecHDF5
import RecTestSupport
import Testing
@testable import RecProfiles

@Suite struct ProfileStorageTests {
    @Test func hdf5RoundTripKeepsEverythingFoldInNeeds() throws {
        let dir = try Fixtures.temporaryDirectory("profiles")
        let data = ProfileFixture.dataset()
        for config in [ProfileFixture.userConfig(), ProfileFixture.itemConfig()] {
            var original = try ProfileBuilder(config).build(dataset: data, training: ProfileFixture.train)
            let path = dir.appendingPathComponent("\(config.entity).h5").path
            let file = try HDF5File.create(path: path)
            try original.save(to: file.root.createGroup("profiles/\(config.entity)"))
            file.close()
            let reopened = try HDF5File.open(path: path)
            defer { reopened.close() }
            var loaded = try ProfileMatrix.load(from: reopened.root.openGroup("profiles/\(config.entity)"))
            #expect(identical(original, loaded))
            #expect(loaded.config == original.config && loaded.genres == original.genres && loaded.entity == config.entity)
            #expect(loaded.configFingerprint == original.configFingerprint && loaded.counterpartCount == (config.entity == .users ? 5 : 4))
            // A loaded profile folds in exactly as the original does.
            try original.foldIn(ProfileFixture.test)
            try loaded.foldIn(ProfileFixture.test)
            #expect(identical(original, loaded))
        }
        let other = try HDF5File.create(path: dir.appendingPathComponent("x.h5").path)
        defer { other.close() }
        #expect(throws: ProfileError.self) { try ProfileMatrix.load(from: other.root) }
    }

    @Test func cacheBuildsOnceThenReadsAndKeysByTrainingData() throws {
        let dir = try Fixtures.temporaryDirectory("profiles")
        let cache = ProfileCache(folder: dir.path)
        let data = ProfileFixture.dataset()
        let config = ProfileFixture.userConfig()
        let first = try cache.profiles(config, dataset: data, training: ProfileFixture.train, datasetKey: "abc")
        let second = try cache.profiles(config, dataset: data, training: ProfileFixture.train, datasetKey: "abc")
        #expect(!first.hit && second.hit && identical(first.profiles, second.profiles))
        let name = "abc.profile-users-\(ProfileFingerprint.config(config))-\(ProfileFingerprint.training(ProfileFixture.train)).h5"
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == [name, name + ".sha256"])
        // Other training data, another dataset key or another configuration: another file.
        let third = try cache.profiles(config, dataset: data, training: ProfileFixture.train.appending(ProfileFixture.validation), datasetKey: "abc")
        let fourth = try cache.profiles(config, dataset: data, training: ProfileFixture.train, datasetKey: "def")
        let fifth = try cache.profiles(ProfileFixture.userConfig(.minMax), dataset: data, training: ProfileFixture.train, datasetKey: "abc")
        #expect(!third.hit && !fourth.hit && !fifth.hit)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".h5") }.count == 4)
    }

    @Test func damagedCacheFileIsRebuiltWithAWarning() throws {
        let dir = try Fixtures.temporaryDirectory("profiles")
        let cache = ProfileCache(folder: dir.path)
        let data = ProfileFixture.dataset()
        let built = try cache.profiles(.defaults(for: .items), dataset: data, training: ProfileFixture.train, datasetKey: "k").profiles
        let path = cache.path(datasetKey: "k", entity: .items, configFingerprint: built.configFingerprint,
                              trainingFingerprint: built.trainingFingerprint)
        try Data("not hdf5".utf8).write(to: URL(fileURLWithPath: path))
        var warnings: [String] = []
        let again = try cache.profiles(.defaults(for: .items), dataset: data, training: ProfileFixture.train, datasetKey: "k") { warnings.append($0) }
        #expect(!again.hit && warnings.count == 1 && identical(again.profiles, built))
        #expect(try cache.profiles(.defaults(for: .items), dataset: data, training: ProfileFixture.train, datasetKey: "k").hit)
    }
}

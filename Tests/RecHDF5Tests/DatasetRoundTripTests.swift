import Testing
@testable import RecHDF5

@Suite struct DatasetRoundTripTests {
    /// Writes `values` 1-D and as a 2 × (n/2) matrix, reopens the file read-only and compares exactly.
    func roundTrip<T: HDF5Scalar & Equatable>(_ values: [T]) throws {
        try withTemporaryFile { path in
            let file = try HDF5File.create(path: path)
            let g = try file.root.createGroup("data")
            try g.write("flat", values)
            try g.write("matrix", values: values, rows: 2, cols: values.count / 2)
            file.close()

            let reopened = try HDF5File.open(path: path, readOnly: true)
            let data = try reopened.root.openGroup("data")
            let flat: [T] = try data.read("flat")
            #expect(flat == values)
            let (matrix, rows, cols): ([T], Int, Int) = try data.read2D("matrix")
            #expect(matrix == values && rows == 2 && cols == values.count / 2)
            #expect(try data.shape(of: "matrix") == [2, values.count / 2])
            #expect(try data.shape(of: "flat") == [values.count])
        }
    }

    @Test func int32RoundTripsExactly() throws { try roundTrip([Int32.min, -1, 0, 1, 42, Int32.max]) }
    @Test func int64RoundTripsExactly() throws { try roundTrip([Int64.min, -7, 0, 1 << 40, Int64.max, 3]) }
    @Test func floatRoundTripsExactly() throws {
        try roundTrip([Float.pi, -0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude, .infinity, 1e-3])
    }
    @Test func doubleRoundTripsExactly() throws { try roundTrip([Double.pi, -2.5, .ulpOfOne, -.infinity, 0, 1e300]) }
    @Test func uint8RoundTripsExactly() throws { try roundTrip([UInt8(0), 1, 127, 128, 254, 255]) }

    @Test func nanSurvivesBitForBit() throws {
        try withTemporaryFile { path in
            let file = try HDF5File.create(path: path)
            try file.root.write("x", [Float.nan, 1])
            let back: [Float] = try file.root.read("x")
            #expect(back[0].isNaN && back[1] == 1)
        }
    }

    @Test func emptyArraysRoundTripWhateverTheStorageOptions() throws {
        try withTemporaryFile { path in
            let file = try HDF5File.create(path: path)
            try file.root.write("plain", [Int32]())
            try file.root.write("compressed", [Float](), chunk: 1024, compression: 6)
            try file.root.write("matrix", values: [Double](), rows: 0, cols: 5)
            try file.root.writeStrings("strings", [])
            file.close()

            let again = try HDF5File.open(path: path)
            #expect(try again.root.read("plain", as: Int32.self) == [])
            #expect(try again.root.read("compressed", as: Float.self) == [])
            let (values, rows, cols) = try again.root.read2D("matrix", as: Double.self)
            #expect(values.isEmpty && rows == 0 && cols == 5)
            #expect(try again.root.readStrings("strings") == [])
            #expect(try again.root.shape(of: "plain") == [0])
        }
    }

    @Test func unicodeAndEmptyStringsRoundTrip() throws {
        let strings = ["a", "é", "", "日本語", "emoji 🎬🍿", "tab\tand\nnewline", String(repeating: "x", count: 10_000)]
        try withTemporaryFile { path in
            let file = try HDF5File.create(path: path)
            try file.root.writeStrings("ids", strings)
            file.close()
            #expect(try HDF5File.open(path: path).root.readStrings("ids") == strings)
        }
    }

    @Test func stringsWithNulBytesAreRejected() throws {
        try withTemporaryFile { path in
            let file = try HDF5File.create(path: path)
            let error = #expect(throws: HDF5Error.self) { try file.root.writeStrings("bad", ["ok", "a\u{0}b"]) }
            guard case .invalidArgument(_, let object, _) = error else { Issue.record("\(String(describing: error))"); return }
            #expect(object == "/bad")
            #expect(!file.root.contains("bad"))
        }
    }

    @Test func widerStoredTypesReadByLosslessConversionAndNarrowingThrows() throws {
        try withTemporaryFile { path in
            let file = try HDF5File.create(path: path)
            try file.root.write("i32", [Int32(-5), 7])
            try file.root.write("f32", [Float(0.5), -1.25])
            try file.root.write("u8", [UInt8(200), 3])
            try file.root.write("i64", [Int64(1) << 40])
            #expect(try file.root.read("i32", as: Int64.self) == [-5, 7])
            #expect(try file.root.read("i32", as: Double.self) == [-5, 7])
            #expect(try file.root.read("f32", as: Double.self) == [0.5, -1.25])
            #expect(try file.root.read("u8", as: Int32.self) == [200, 3])
            let error = #expect(throws: HDF5Error.self) { try file.root.read("i64", as: Int32.self) }
            #expect(error == .typeMismatch(file: path, object: "/i64", expected: "int32", found: "int64"))
            #expect(throws: HDF5Error.self) { try file.root.read("f32", as: Int32.self) }
            #expect(throws: HDF5Error.self) { try file.root.read("i32", as: UInt8.self) }
        }
    }

    @Test func read2DOnAOneDimensionalDatasetIsAShapeMismatch() throws {
        try withTemporaryFile { path in
            let file = try HDF5File.create(path: path)
            try file.root.write("v", [Float(1), 2, 3])
            let error = #expect(throws: HDF5Error.self) { try file.root.read2D("v", as: Float.self) }
            guard case .shapeMismatch = error else { Issue.record("\(String(describing: error))"); return }
            let wrongCount = #expect(throws: HDF5Error.self) { try file.root.write("m", values: [Float(1), 2, 3], rows: 2, cols: 2) }
            guard case .invalidArgument = wrongCount else { Issue.record("\(String(describing: wrongCount))"); return }
        }
    }

    @Test func rewritingADatasetReplacesIt() throws {
        try withTemporaryFile { path in
            let file = try HDF5File.create(path: path)
            try file.root.write("x", [Int32(1), 2, 3])
            try file.root.write("x", [Double(9)])
            #expect(try file.root.read("x", as: Double.self) == [9])
            #expect(file.root.memberNames() == ["x"])
        }
    }

    @Test func missingDatasetsAndGroupsAreReportedWithTheirPath() throws {
        try withTemporaryFile { path in
            let file = try HDF5File.create(path: path)
            let g = try file.root.createGroup("interactions")
            let error = #expect(throws: HDF5Error.self) { try g.read("users", as: Int32.self) }
            #expect(error == .missingObject(file: path, object: "/interactions/users"))
            #expect(error?.description.contains("/interactions/users") == true)
            #expect(throws: HDF5Error.missingObject(file: path, object: "/nope")) { try file.root.openGroup("nope") }
            try g.write("users", [Int32(1)])
            let notGroup = #expect(throws: HDF5Error.self) { try g.openGroup("users") }
            guard case .typeMismatch = notGroup else { Issue.record("\(String(describing: notGroup))"); return }
        }
    }

    @Test func tenMillionFloatsWriteAndReadBack() throws {
        let n = 10_000_000
        let values = [Float](unsafeUninitializedCapacity: n) { buffer, count in
            for i in 0..<n { buffer[i] = Float(i % 1000) * 0.5 }
            count = n
        }
        try withTemporaryFile { path in
            let file = try HDF5File.create(path: path)
            try file.root.write("big", values, compression: 0)
            file.close()
            let back: [Float] = try HDF5File.open(path: path).root.read("big")
            #expect(back.count == n && back[n - 1] == values[n - 1] && back[123_457] == values[123_457])
            #expect(try fileSize(path) >= n * 4)
        }
    }
}

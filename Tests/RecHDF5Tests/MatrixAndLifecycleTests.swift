import Testing
import RecCore
@testable import RecHDF5

@Suite struct MatrixAndLifecycleTests {
    @Test func csrMatrixRoundTripsInScipyLayout() throws {
        let m = CSRMatrix(rows: 3, cols: 4, rowIndices: [2, 0, 0, 1, 2], colIndices: [1, 3, 0, 2, 3], values: [1, 2, 3, 4, 5])
        try withTemporaryFile { path in
            let file = try HDF5File.create(path: path)
            let g = try file.root.write("split/train_csr", csr: m)
            #expect(g.memberNames() == ["data", "indices", "indptr"])
            #expect(try g.read("indptr", as: Int64.self) == [0, 2, 3, 5])
            #expect(try g.attribute("rows", as: Int64.self) == 3 && g.attribute("cols", as: Int64.self) == 4)
            #expect(try file.root.readCSRMatrix("split/train_csr") == m)
            #expect(try file.root.write("empty", csr: .zeros(rows: 2, cols: 0)).shape(of: "data") == [0])
            #expect(try file.root.readCSRMatrix("empty") == .zeros(rows: 2, cols: 0))
        }
    }

    @Test func malformedCSRIsAnErrorNotACrash() throws {
        try withTemporaryFile { path in
            let file = try HDF5File.create(path: path)
            let g = try file.root.createGroup("bad")
            try g.write("indptr", [Int64(0), 2, 1])
            try g.write("indices", [Int32(0), 9])
            try g.write("data", [Float(1), 2])
            try g.setAttribute("rows", 2)
            try g.setAttribute("cols", 3)
            let error = #expect(throws: HDF5Error.self) { try file.root.readCSRMatrix("bad") }
            guard case .shapeMismatch = error else { Issue.record("\(String(describing: error))"); return }
        }
    }

    @Test func denseMatrixRoundTrips() throws {
        var m = DenseMatrix(rows: 2, cols: 3)
        m[0, 1] = 3; m[1, 2] = -1.5
        try withTemporaryFile { path in
            let file = try HDF5File.create(path: path)
            try file.root.write("embeddings", matrix: m)
            #expect(try file.root.readDenseMatrix("embeddings") == m)
        }
    }

    @Test func noHandlesLeakAcrossOperationsAndFailures() throws {
        try withTemporaryFile { path in
            let file = try HDF5File.create(path: path)
            #expect(file.openObjectCount == 1)          // the root group
            do {
                let g = try file.root.createGroup("g")
                try g.write("x", [Int32(1), 2], compression: 4)
                try g.writeStrings("s", ["a", "b"])
                try g.setAttribute("a", "x", onDataset: "x")
                try g.setAttribute("b", [1.0, 2.0])
                _ = try g.read("x", as: Int64.self)
                _ = try g.readStrings("s")
                _ = try g.attribute("a", onDataset: "x", as: String.self)
                _ = try g.attributeNames(onDataset: "s")
                _ = try g.shape(of: "x")
                _ = try? g.read("s", as: Int32.self)          // type mismatch
                _ = try? g.read2D("x", as: Int32.self)        // shape mismatch
                _ = try? g.openGroup("x")                     // not a group
                _ = try? g.attribute("a", onDataset: "x", as: Double.self)
                #expect(file.openObjectCount == 2)      // root and g
            }
            #expect(file.openObjectCount == 1)
            // Checking a file this process has open must not disturb the open handles.
            let kept = try file.root.openGroup("g")
            #expect(HDF5File.isReadable(path: path))
            let reader = try HDF5File.open(path: path)
            #expect(try reader.root.openGroup("g").read("x", as: Int32.self) == [1, 2])
            reader.close()
            try kept.write("y", [Int32(3)])
            #expect(try kept.read("y", as: Int32.self) == [3])
        }
    }

    @Test func manyTasksWriteOneSharedFile() async throws {
        try await withTemporaryFile { path in
            let file = try HDF5File.create(path: path)
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                for t in 0..<8 {
                    tasks.addTask {
                        let g = try file.root.createGroup("task\(t)")
                        for k in 0..<20 {
                            try g.write("v\(k)", [Float](repeating: Float(t * 100 + k), count: 500))
                            try g.setAttribute("k\(k)", k)
                        }
                    }
                }
                try await tasks.waitForAll()
            }
            file.close()
            let again = try HDF5File.open(path: path)
            #expect(again.root.memberNames().count == 8)
            for t in 0..<8 {
                let g = try again.root.openGroup("task\(t)")
                #expect(g.memberNames().count == 20)
                #expect(try g.read("v19", as: Float.self) == [Float](repeating: Float(t * 100 + 19), count: 500))
            }
        }
    }
}

import Testing
@testable import RecHDF5

@Suite struct GroupAndAttributeTests {
    @Test func nestedGroupsAndMemberNames() throws {
        try withTemporaryFile { path in
            let file = try HDF5File.create(path: path)
            let train = try file.root.createGroup("split/train")
            #expect(train.path == "/split/train")
            try train.write("user", [Int32(0), 1])
            try file.root.createGroup("users")
            try file.root.write("split/test/user", [Int32(2)])    // parent groups made on the way
            file.close()

            let f = try HDF5File.open(path: path)
            #expect(f.root.memberNames() == ["split", "users"])
            #expect(try f.root.openGroup("split").memberNames() == ["test", "train"])
            #expect(f.root.contains("split/train/user"))
            #expect(!f.root.contains("split/valid/user"))
            #expect(f.root.isGroup("split/train") && !f.root.isGroup("split/train/user"))
            #expect(try f.root.openGroup("split/test").read("user", as: Int32.self) == [2])
            #expect(try f.root.openGroup("/split").openGroup("train").path == "/split/train")
            #expect(throws: HDF5Error.self) { try f.root.createGroup("more") }     // read-only
        }
    }

    @Test func creatingAnExistingGroupFailsButOpenOrCreateReturnsIt() throws {
        try withTemporaryFile { path in
            let file = try HDF5File.create(path: path)
            try file.root.createGroup("g").setAttribute("k", 1)
            let error = #expect(throws: HDF5Error.self) { try file.root.createGroup("g") }
            guard case .cannotCreate(_, "/g", _) = error else { Issue.record("\(String(describing: error))"); return }
            #expect(try file.root.openOrCreateGroup("g").attribute("k", as: Int.self) == 1)
            #expect(try file.root.openOrCreateGroup("h").memberNames() == [])
        }
    }

    @Test func attributesOfEachTypeOnGroupsAndDatasets() throws {
        try withTemporaryFile { path in
            let file = try HDF5File.create(path: path)
            let g = try file.root.createGroup("interactions")
            try g.setAttribute("rows", Int64(943))
            try g.setAttribute("name", "ml-100k é")
            try g.setAttribute("alpha", 0.5)
            try g.setAttribute("version", 1)
            try g.write("scores", values: [Float](repeating: 1, count: 12), rows: 3, cols: 4)
            try g.setAttribute("shape", [Int64(3), 4], onDataset: "scores")
            try g.setAttribute("weights", [0.25, 0.75], onDataset: "scores")
            try g.setAttribute("columns", ["user", "item", ""], onDataset: "scores")
            try g.setAttribute("unit", "stars", onDataset: "scores")
            try file.root.setAttribute("format", "reclab-dataset")
            file.close()

            let f = try HDF5File.open(path: path)
            let r = try f.root.openGroup("interactions")
            let rows: Int64? = try r.attribute("rows")
            let name: String? = try r.attribute("name")
            let alpha: Double? = try r.attribute("alpha")
            #expect(rows == 943 && name == "ml-100k é" && alpha == 0.5)
            #expect(try r.attribute("version", as: Int.self) == 1)
            #expect(try r.attribute("rows", as: Double.self) == 943)        // integers widen to Double
            #expect(try r.attribute("absent", as: Int64.self) == nil)
            #expect(try r.attribute("shape", onDataset: "scores", as: [Int64].self) == [3, 4])
            #expect(try r.attribute("shape", onDataset: "scores", as: [Int].self) == [3, 4])
            #expect(try r.attribute("weights", onDataset: "scores", as: [Double].self) == [0.25, 0.75])
            #expect(try r.attribute("columns", onDataset: "scores", as: [String].self) == ["user", "item", ""])
            #expect(try r.attribute("unit", onDataset: "scores", as: String.self) == "stars")
            #expect(try r.attributeNames() == ["alpha", "name", "rows", "version"])
            #expect(try r.attributeNames(onDataset: "scores") == ["columns", "shape", "unit", "weights"])
            #expect(try f.root.attribute("format", as: String.self) == "reclab-dataset")
            #expect(try r.attributePayload("rows") == .integer(943))
        }
    }

    @Test func attributeErrorsNameTheObject() throws {
        try withTemporaryFile { path in
            let file = try HDF5File.create(path: path)
            let g = try file.root.createGroup("g")
            try g.setAttribute("name", "x")
            try g.setAttribute("pair", [Int64(1), 2])
            let wrongType = #expect(throws: HDF5Error.self) { try g.attribute("name", as: Int64.self) }
            #expect(wrongType == .typeMismatch(file: path, object: "/g@name", expected: "Int64", found: "string"))
            #expect(throws: HDF5Error.self) { try g.attribute("pair", as: Int64.self) }   // 2 elements, not a scalar
            #expect(throws: HDF5Error.missingObject(file: path, object: "/g/nothing")) {
                try g.setAttribute("a", 1, onDataset: "nothing")
            }
        }
    }

    @Test func attributesAreReplacedAndEmptyArraysAllowed() throws {
        try withTemporaryFile { path in
            let file = try HDF5File.create(path: path)
            try file.root.setAttribute("a", 1.5)
            try file.root.setAttribute("a", "now a string")
            try file.root.setAttribute("empty", [Int64]())
            try file.root.setAttribute("noStrings", [String]())
            #expect(try file.root.attribute("a", as: String.self) == "now a string")
            #expect(try file.root.attribute("empty", as: [Int64].self) == [])
            #expect(try file.root.attribute("noStrings", as: [String].self) == [])
        }
    }
}

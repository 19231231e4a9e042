import Testing
@testable import RecCore

@Suite struct CSRMatrixTests {
    let m = CSRMatrix(rows: 3, cols: 4, rowIndices: [2, 0, 0, 1, 2], colIndices: [1, 3, 0, 2, 1], values: [1, 2, 3, 4, 5])

    @Test func buildsSortedRowsAndSumsDuplicates() {
        #expect(m.indptr == [0, 2, 3, 4])
        #expect(m.indices == [0, 3, 2, 1])
        #expect(m.values == [3, 2, 4, 6])
        #expect(m.value(row: 2, col: 1) == 6)
        #expect(m.value(row: 1, col: 0) == nil)
    }

    @Test func transposeRoundTrips() {
        let t = m.transposed()
        #expect(t.rows == 4 && t.cols == 3)
        #expect(t.indptr == [0, 1, 2, 3, 4])
        #expect(t.indices == [0, 2, 1, 0])
        #expect(t.transposed() == m)
        #expect(m.columnCounts() == [1, 1, 1, 1])
    }

    @Test func indexMapIsTwoWay() {
        var map = IndexMap()
        #expect(map.insert("a") == 0)
        #expect(map.insert("b") == 1)
        #expect(map.insert("a") == 0)
        #expect(map.id(at: 1) == "b")
        let (c, remap) = map.compacted(keeping: [false, true])
        #expect(c.ids == ["b"] && remap == [-1, 0])
    }

    @Test func blasMatmulMatchesHandProduct() {
        let a = DenseMatrix(rows: 2, cols: 3, storage: [1, 2, 3, 4, 5, 6])
        let b = DenseMatrix(rows: 3, cols: 2, storage: [7, 8, 9, 10, 11, 12])
        #expect(BLAS.matmul(a, b).storage == [58, 64, 139, 154])
        #expect(BLAS.matmul(a, a, transB: true).storage == [14, 32, 32, 77])
    }

    @Test func choleskySolveMatchesKnownSolution() {
        // [[4,2],[2,3]] x = [2, 1]  →  x = [0.5, 0]
        var a: [Float] = [4, 2, 2, 3], b: [Float] = [2, 1]
        let info = a.withUnsafeMutableBufferPointer { pa in
            b.withUnsafeMutableBufferPointer { pb in BLAS.solvePositiveDefinite(n: 2, nrhs: 1, a: pa.baseAddress!, b: pb.baseAddress!) }
        }
        #expect(info == 0)
        #expect(abs(b[0] - 0.5) < 1e-6 && abs(b[1]) < 1e-6)
    }
}

/// `replacingRow`: one row swapped or appended, the rest untouched.
@Suite struct CSRRowReplacementTests {
    static let m = CSRMatrix(cols: 4, rowLists: [[(0, 1), (2, 2)], [(1, 3)], []])

    @Test func replacesAMiddleRowWithSortedColumns() {
        let r = Self.m.replacingRow(1, columns: [3, 0], values: [7, 8])
        #expect(r.rows == 3 && r.indptr == [0, 2, 4, 4])
        #expect(r.indices == [0, 2, 0, 3] && r.values == [1, 2, 8, 7])
    }

    @Test func appendsARowAndEmptiesOne() {
        let r = Self.m.replacingRow(3, columns: [1], values: [5]).replacingRow(0, columns: [], values: [])
        #expect(r.rows == 4 && r.indptr == [0, 0, 1, 1, 2])
        #expect(r.indices == [1, 1] && r.values == [3, 5])
    }
}

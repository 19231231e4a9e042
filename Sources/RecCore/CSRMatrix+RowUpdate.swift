/// Replacing one row of a CSR matrix: how a served model takes a user's new history.
extension CSRMatrix {
    /// This matrix with row `row` holding `columns` with their `values` (in any order, no repeats);
    /// `row == rows` appends a row. Costs one copy of the matrix, which the serving path pays once per
    /// folded-in user, not per request.
    public func replacingRow(_ row: Int, columns: [Int32], values newValues: [Float]) -> CSRMatrix {
        precondition(row >= 0 && row <= rows && columns.count == newValues.count)
        let order = columns.indices.sorted { columns[$0] < columns[$1] }
        let lo = row < rows ? indptr[row] : nnz, hi = row < rows ? indptr[row + 1] : nnz
        var newIndices = [Int32](), newStored = [Float]()
        newIndices.reserveCapacity(nnz - (hi - lo) + columns.count)
        newStored.reserveCapacity(newIndices.capacity)
        newIndices.append(contentsOf: indices[..<lo]); newStored.append(contentsOf: values[..<lo])
        for k in order { newIndices.append(columns[k]); newStored.append(newValues[k]) }
        newIndices.append(contentsOf: indices[hi...]); newStored.append(contentsOf: values[hi...])
        let shift = columns.count - (hi - lo)
        var newIndptr = Array(indptr[...row])
        newIndptr.reserveCapacity(max(rows, row + 1) + 1)
        for r in (row + 1)...max(rows, row + 1) { newIndptr.append((r <= rows ? indptr[r] : nnz) + shift) }
        return CSRMatrix(rows: max(rows, row + 1), cols: cols, indptr: newIndptr, indices: newIndices, values: newStored)
    }
}

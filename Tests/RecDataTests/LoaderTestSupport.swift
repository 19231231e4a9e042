import Foundation
import RecData
import Testing

/// Runs `body`, expects a `DataError`, and checks that its rendered message contains every part
/// (file name, 1-based line, offending text). Returns the error for further checks.
@discardableResult
func expectDataError(containing parts: [String], sourceLocation: SourceLocation = #_sourceLocation,
                     _ body: () throws -> Void) -> DataError? {
    do {
        try body()
        Issue.record("expected a DataError containing \(parts), but nothing was thrown", sourceLocation: sourceLocation)
        return nil
    } catch let error as DataError {
        let message = error.description
        for part in parts where !message.contains(part) {
            Issue.record("error message \"\(message)\" does not contain \"\(part)\"", sourceLocation: sourceLocation)
        }
        return error
    } catch {
        Issue.record("expected a DataError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// Compares numeric columns treating NaN as equal to NaN.
func sameNumbers(_ a: [Float], _ b: [Float]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
}

/// The numbers of a `.numeric` column, or nil for any other kind.
func numbers(_ column: AttributeColumn?) -> [Float]? {
    if case .numeric(let v)? = column { return v }
    return nil
}

/// Attribute tables equal up to NaN (the schema's synthesized `==` makes NaN ≠ NaN, so a dataset
/// with a missing numeric attribute never equals itself).
func sameAttributes(_ a: AttributeTable, _ b: AttributeTable) -> Bool {
    guard a.names == b.names else { return false }
    return zip(a.columns, b.columns).allSatisfy { x, y in
        if case .numeric(let u) = x, case .numeric(let v) = y { return sameNumbers(u, v) }
        return x == y
    }
}

/// Datasets equal up to NaN in numeric attributes.
func sameDataset(_ a: Dataset, _ b: Dataset) -> Bool {
    a.name == b.name && a.users == b.users && a.items == b.items && a.interactions == b.interactions
        && sameAttributes(a.userAttributes, b.userAttributes) && sameAttributes(a.itemAttributes, b.itemAttributes)
        && a.knowledgeGraph == b.knowledgeGraph
}

import HyperscopeCore

extension ParameterColumns {
    /// A key's value in each of the rows at `positions`, `nil` where a row lacks it (every row when
    /// no row has the key): what a plot's axis spans, read without looking the key up row by row.
    func values(of key: String, at positions: [Int]) -> [Value?] {
        guard let column = column(of: key) else { return [Value?](repeating: nil, count: positions.count) }
        let (codes, values) = (self.codes[column], self.values[column])
        return positions.map { codes[$0] < 0 ? nil : values[Int(codes[$0])] }
    }
}

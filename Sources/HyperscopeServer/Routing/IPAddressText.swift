import SystemLibC

/// An IP address read from text (`127.0.0.1`, `::1`), for deciding whether an address is loopback.
struct IPAddressText: Sendable, Hashable {
    /// The address's bytes: 4 for IPv4, 16 for IPv6.
    let bytes: [UInt8]

    /// Reads a numeric IPv4 or IPv6 address; `nil` for anything else (a host name).
    init?(_ text: String) {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            bytes = withUnsafeBytes(of: v4) { Array($0) }
            return
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            bytes = withUnsafeBytes(of: v6) { Array($0) }
            return
        }
        return nil
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Whether the address is loopback: `127.0.0.0/8`, `::1`, or an IPv4-mapped `::ffff:127.x.y.z`.
    var isLoopback: Bool {
        if bytes.count == 4 { return bytes[0] == 127 }
        if bytes == [UInt8](repeating: 0, count: 15) + [1] { return true }
        return bytes.prefix(12) == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF] && bytes[12] == 127
    }

    /// The addresses a host name resolves to (empty when it does not resolve).
    static func resolve(_ name: String) -> [IPAddressText] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(name, nil, &hints, &list) == 0, let first = list else { return [] }
        defer { freeaddrinfo(first) }
        var addresses: [IPAddressText] = []
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let current = entry {
            if let address = current.pointee.ai_addr {
                switch Int32(address.pointee.sa_family) {
                case AF_INET:
                    address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                        addresses.append(
                            IPAddressText(bytes: withUnsafeBytes(of: pointer.pointee.sin_addr) { Array($0) }))
                    }
                case AF_INET6:
                    address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                        addresses.append(
                            IPAddressText(bytes: withUnsafeBytes(of: pointer.pointee.sin6_addr) { Array($0) }))
                    }
                default: break
                }
            }
            entry = current.pointee.ai_next
        }
        return addresses
    }
}

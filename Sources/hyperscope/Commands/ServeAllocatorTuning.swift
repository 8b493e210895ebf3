import SystemLibC

/// How a long-running server asks the C allocator to keep the memory it frees.
enum AllocatorTuning {
    /// Keeps blocks up to 32 MB on the heap instead of mapping each one afresh, and up to 512 MB
    /// of freed memory there instead of returning it at once.
    ///
    /// A dashboard request over 100,000 runs allocates and frees tens of megabytes of columns;
    /// glibc maps large blocks separately and unmaps them on free, so every request faulted in
    /// and zeroed fresh pages (a quarter of a filter's time). The server holds its runs in memory
    /// anyway; keeping a request's worth more is the cheaper trade. Elsewhere than glibc it does nothing.
    static func keepFreedMemory() {
        #if canImport(Glibc)
        // `mallopt` and its options live in <malloc.h>, which Swift's Glibc module leaves out:
        // the function is looked up by name, and the options are glibc's values.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        let trimThreshold: Int32 = -1  // M_TRIM_THRESHOLD
        let mmapThreshold: Int32 = -3  // M_MMAP_THRESHOLD
        guard let symbol = dlsym(nil, "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        _ = mallopt(mmapThreshold, 32 << 20)  // glibc's largest on 64-bit systems
        _ = mallopt(trimThreshold, 512 << 20)
        #endif
    }
}

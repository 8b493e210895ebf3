import SystemLibC

/// How the C allocator is asked to grow its heaps and keep the memory it frees.
enum AllocatorTuning {
    /// Makes each thread's heap writable whole when glibc creates it, rather than a few pages at a
    /// time as it grows: a `sweep` of 100,000 groups, made on two cores, grew its heaps with 42,000
    /// `mprotect` calls (a tenth of its time); with the pad, a few dozen. The pad is address space:
    /// pages still take memory only once written. Every command does this first.
    static func padHeaps() {
        // 64 MB: the size of a thread's heap in glibc on 64-bit systems.
        setOption(-2, to: 64 << 20)  // M_TOP_PAD
    }

    /// Keeps blocks up to 32 MB on the heap instead of mapping each one afresh, and up to 512 MB
    /// of freed memory there instead of returning it at once.
    ///
    /// A dashboard request over 100,000 runs allocates and frees tens of megabytes of columns;
    /// glibc maps large blocks separately and unmaps them on free, so every request faulted in
    /// and zeroed fresh pages (a quarter of a filter's time). The server holds its runs in memory
    /// anyway; keeping a request's worth more is the cheaper trade.
    static func keepFreedMemory() {
        setOption(-3, to: 32 << 20)  // M_MMAP_THRESHOLD: glibc's largest on 64-bit systems
        setOption(-1, to: 512 << 20)  // M_TRIM_THRESHOLD
    }

    /// Sets one of glibc's `mallopt` options (by glibc's number for it); elsewhere, nothing.
    private static func setOption(_ option: Int32, to value: Int32) {
        #if canImport(Glibc)
        // `mallopt` and its options live in <malloc.h>, which Swift's Glibc module leaves out:
        // the function is looked up by name, and the options are glibc's values.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(nil, "mallopt") else { return }
        _ = unsafeBitCast(symbol, to: Mallopt.self)(option, value)
        #endif
    }
}

// The C library of the platform, for the modules that use its functions (the math functions, file
// descriptors, signals) without Foundation: one `import SystemLibC` instead of a conditional block
// in every file.

#if canImport(Glibc)
@_exported import Glibc
#elseif canImport(Musl)
@_exported import Musl
#elseif canImport(Darwin)
@_exported import Darwin
#endif

// The `Hyperscope` library product: one import for Swift programs that use Hyperscope.
//
// It re-exports the modules, each with one responsibility: values and runs (`HyperscopeCore`),
// storage (`HyperscopeStore`), log ingestion (`HyperscopeIngest`), analysis
// (`HyperscopeAnalysis`), search (`HyperscopeSearch`) and rendering (`HyperscopeReport`). The web
// dashboard is the separate `HyperscopeDashboard` product, so this one builds no web server.

@_exported import HyperscopeAnalysis
@_exported import HyperscopeCore
@_exported import HyperscopeIngest
@_exported import HyperscopeReport
@_exported import HyperscopeSearch
@_exported import HyperscopeStore

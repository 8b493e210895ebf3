// The `HyperscopeDashboard` library product: the `Hyperscope` library and the local web dashboard.
//
// Programs that only collect, analyse, search and report import `Hyperscope`, which builds no web
// server; programs that also serve the dashboard (`DashboardServer`) import this module.

@_exported import Hyperscope
@_exported import HyperscopeServer

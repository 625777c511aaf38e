package worktest

import "sort"

// RouteInfo describes one endpoint the simulator serves, for tests and
// tools that cross-check it against a specification or an SDK.
type RouteInfo struct {
	// Method is http.MethodGet or http.MethodPost.
	Method string
	// Path is relative to /cgi-bin/, e.g. "externalcontact/get".
	Path string
	// Group is the API group that declares the endpoint ("customer",
	// "groupchat", …).
	Group string
	// Write reports whether the handler runs under the store's write lock:
	// the endpoint may change state. Endpoints that only read run under the
	// read lock.
	Write bool
	// TokenParam is the query parameter that carries the token the
	// endpoint checks: "access_token", "provider_access_token" or
	// "suite_access_token"; "" for gettoken, which takes none.
	TokenParam string
}

// Routes lists every endpoint the simulator serves, sorted by path. It
// describes the routes without starting a server.
func Routes() []RouteInfo {
	s := &Server{} // the handlers are bound, never called
	var out []RouteInfo
	for _, g := range groups {
		if g.routes == nil {
			continue
		}
		for _, r := range g.routes(s) {
			out = append(out, routeInfo(g.name, r))
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

func routeInfo(group string, r route) RouteInfo {
	ri := RouteInfo{Method: r.method, Path: r.path, Group: group, Write: r.write, TokenParam: r.tokenParam}
	switch {
	case r.noAuth:
		ri.TokenParam = ""
	case ri.TokenParam == "":
		ri.TokenParam = "access_token"
	}
	return ri
}

package worktest

// idConvertRoutes lists the simulated endpoints of this group.
func (s *Server) idConvertRoutes() []route {
	return []route{}
}

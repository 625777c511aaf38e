package worktest

// transferRoutes lists the simulated endpoints of this group.
func (s *Server) transferRoutes() []route {
	return []route{}
}

package worktest

// tagRoutes lists the simulated endpoints of this group.
func (s *Server) tagRoutes() []route {
	return []route{}
}
